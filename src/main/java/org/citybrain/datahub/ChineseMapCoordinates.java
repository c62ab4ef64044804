package org.citybrain.datahub;

/**
 * Coordinates from Chinese map services to WGS 84. Maps published in China must use GCJ-02 (国测局坐标, the offset
 * datum GB 20263 requires of them: AMap/高德, Tencent, Google's China tiles); Baidu adds its own offset on top (BD-09).
 * Departments copy coordinates from these maps, so a feed's points are off by 300–700 m until converted.
 *
 * <p>GCJ-02 is defined by an unpublished algorithm; what is used here is the reconstruction of its forward formula
 * that became public in 2009 and is the one in general use (Wikipedia, "Restrictions on geographic data in China",
 * describes the datum and it), accurate to about a metre against the services, and the widely used BD-09 formulas. The
 * inverse of GCJ-02 has no closed form: it is found by fixed-point iteration of the forward formula, to 1e-9 degree
 * (0.1 mm). Outside mainland China both datums equal WGS 84, as the services do it.
 */
public final class ChineseMapCoordinates {

    private static final double A = 6378245.0;                // Krasovsky 1940 semi-major axis
    private static final double EE = 0.00669342162296594323;  // its first eccentricity squared
    private static final double X_PI = Math.PI * 3000.0 / 180.0;

    private ChineseMapCoordinates() {
    }

    /** {lon, lat} in WGS 84 from GCJ-02. */
    public static double[] gcj02ToWgs84(double lon, double lat) {
        if (outsideChina(lon, lat)) {
            return new double[]{lon, lat};
        }
        double wLon = lon;
        double wLat = lat;
        for (int i = 0; i < 30; i++) {
            double[] g = wgs84ToGcj02(wLon, wLat);
            double dLon = g[0] - lon;
            double dLat = g[1] - lat;
            wLon -= dLon;
            wLat -= dLat;
            if (Math.abs(dLon) < 1e-9 && Math.abs(dLat) < 1e-9) {
                break;
            }
        }
        return new double[]{wLon, wLat};
    }

    /** {lon, lat} in WGS 84 from BD-09. */
    public static double[] bd09ToWgs84(double lon, double lat) {
        double x = lon - 0.0065;
        double y = lat - 0.006;
        double z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
        double theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
        return gcj02ToWgs84(z * Math.cos(theta), z * Math.sin(theta));
    }

    /** {lon, lat} in GCJ-02 from WGS 84 (the forward offset; tests and the demo's feeds use it). */
    public static double[] wgs84ToGcj02(double lon, double lat) {
        if (outsideChina(lon, lat)) {
            return new double[]{lon, lat};
        }
        double dLat = offsetLat(lon - 105.0, lat - 35.0);
        double dLon = offsetLon(lon - 105.0, lat - 35.0);
        double radLat = lat / 180.0 * Math.PI;
        double magic = 1 - EE * Math.sin(radLat) * Math.sin(radLat);
        double sqrtMagic = Math.sqrt(magic);
        dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
        dLon = (dLon * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
        return new double[]{lon + dLon, lat + dLat};
    }

    /** {lon, lat} in BD-09 from WGS 84. */
    public static double[] wgs84ToBd09(double lon, double lat) {
        double[] g = wgs84ToGcj02(lon, lat);
        double z = Math.sqrt(g[0] * g[0] + g[1] * g[1]) + 0.00002 * Math.sin(g[1] * X_PI);
        double theta = Math.atan2(g[1], g[0]) + 0.000003 * Math.cos(g[0] * X_PI);
        return new double[]{z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006};
    }

    /** Mainland China's bounding box, as the services apply the offset (coarse: Hong Kong and Taiwan fall inside). */
    public static boolean outsideChina(double lon, double lat) {
        return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
    }

    private static double offsetLat(double x, double y) {
        double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return r;
    }

    private static double offsetLon(double x, double y) {
        double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return r;
    }
}
