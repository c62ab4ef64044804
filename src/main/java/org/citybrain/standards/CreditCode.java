package org.citybrain.standards;

/**
 * A unified social credit code (统一社会信用代码) under GB 32100-2015: the 18-character identifier of
 * every enterprise and organisation. Only construction with a computed check character is needed yet.
 */
public record CreditCode(String value) {

    private static final String CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    public CreditCode {
        if (value == null || value.length() != 18 || checkCharacter(value.substring(0, 17)) != value.charAt(17)) {
            throw new InvalidStandardValue("creditCode", "统一社会信用代码无效 / not a valid unified social credit code");
        }
    }

    public static CreditCode of(String first17) {
        return new CreditCode(first17 + checkCharacter(first17));
    }

    static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = CHARS.indexOf(first17.charAt(i));
            if (v < 0) {
                throw new InvalidStandardValue("creditCode", "含有非法字符 / contains a character outside the code set");
            }
            sum += v * WEIGHTS[i];
        }
        int c = 31 - sum % 31;
        return CHARS.charAt(c == 31 ? 0 : c);
    }
}
