import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Random;

/**
 * Writes N rows of a department's register as CSV (UTF-8) for bench/datahub.sh: distinct, valid GB 11643 ID numbers,
 * names, mobiles, district names, dates as departments write them (yyyy/M/d) and amounts in fen.
 *   java bench/HubRows.java 1000000 > rows.csv
 */
public class HubRows {
    static final String[] DISTRICTS = {"中原区", "二七区", "管城回族区", "金水区", "上街区", "惠济区"};
    static final String[] CODES = {"410102", "410103", "410104", "410105", "410106", "410108"};
    static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static final char[] CHECK = "10X98765432".toCharArray();
    static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英";

    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[0]);
        Random random = new Random(20210720);
        LocalDate first = LocalDate.of(1930, 1, 1);
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("身份证号,姓名,手机,区县,登记日期,补贴（分）,类别\n");
            for (long i = 0; i < n; i++) {
                int d = (int) (i % CODES.length);
                LocalDate birth = first.plusDays((i / CODES.length) % 32_000);
                long seq = i / CODES.length / 32_000;
                String body = CODES[d] + String.format("%04d%02d%02d", birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth()) + String.format("%03d", seq);
                int sum = 0;
                for (int k = 0; k < 17; k++) {
                    sum += (body.charAt(k) - '0') * WEIGHTS[k];
                }
                out.write(body);
                out.write(CHECK[sum % 11]);
                out.write(',');
                out.write(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
                out.write(GIVEN.charAt(random.nextInt(GIVEN.length())));
                out.write(",1" + (3 + random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000)));
                out.write(',');
                out.write(DISTRICTS[d]);
                LocalDate since = LocalDate.of(2000 + random.nextInt(25), 1 + random.nextInt(12), 1 + random.nextInt(28));
                out.write("," + since.getYear() + "/" + since.getMonthValue() + "/" + since.getDayOfMonth());
                out.write("," + random.nextInt(100_000) + "," + (random.nextBoolean() ? "低保" : "特困") + "\n");
            }
        }
    }
}
