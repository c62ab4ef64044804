package org.citybrain.demo.internal;

import java.util.List;

/**
 * Facts about Zhengzhou that the demo city is built on: its twelve county-level divisions with GB/T 2260
 * codes, approximate centres and relative population, their streets and townships, main roads, and
 * well-known hospitals and stations. Coordinates are WGS 84, rounded: this is a demo, not a survey.
 */
final class Zhengzhou {

    private Zhengzhou() {
    }

    static final String CITY_CODE = "410100";
    static final String CITY_NAME = "郑州市";
    /**
     * Zhengzhou's boundary, simplified to a few dozen vertices (lon, lat): the Yellow River along the north,
     * Gongyi in the west, Dengfeng and Xinmi in the south-west, Xinzheng in the south, Zhongmu in the east.
     */
    static final double[][] OUTLINE = {
            {112.72, 34.70}, {112.72, 34.83}, {112.85, 34.92}, {113.05, 34.88}, {113.25, 34.90}, {113.45, 34.93}, {113.65, 34.975},
            {113.85, 34.98}, {114.05, 34.94}, {114.20, 34.86}, {114.23, 34.68}, {114.10, 34.55}, {113.95, 34.45}, {113.86, 34.32},
            {113.70, 34.26}, {113.50, 34.29}, {113.35, 34.33}, {113.15, 34.26}, {112.95, 34.29}, {112.80, 34.40}, {112.75, 34.55}};

    record District(String code, String name, double lon, double lat, boolean urban, double populationShare, List<String> streets) {
    }

    static final List<District> DISTRICTS = List.of(
            new District("410102", "中原区", 113.585, 34.760, true, 0.12, List.of("林山寨街道", "建设路街道", "棉纺路街道", "秦岭路街道", "桐柏路街道",
                    "三官庙街道", "绿东村街道", "汝河路街道", "航海西路街道", "中原西路街道", "须水街道")),
            new District("410103", "二七区", 113.625, 34.700, true, 0.10, List.of("淮河路街道", "解放路街道", "铭功路街道", "一马路街道", "蜜蜂张街道",
                    "五里堡街道", "大学路街道", "建中街街道", "福华街街道", "德化街街道", "嵩山路街道", "京广路街道", "长江路街道")),
            new District("410104", "管城回族区", 113.700, 34.715, true, 0.08, List.of("北下街街道", "西大街街道", "南关街道", "城东路街道", "东大街街道",
                    "二里岗街道", "陇海马路街道", "紫荆山南路街道", "航海东路街道", "商都路街道", "十八里河街道", "南曹街道")),
            new District("410105", "金水区", 113.680, 34.790, true, 0.16, List.of("经八路街道", "花园路街道", "人民路街道", "杜岭街道", "大石桥街道",
                    "南阳路街道", "南阳新村街道", "文化路街道", "丰产路街道", "东风路街道", "北林路街道", "未来路街道", "凤凰台街道", "国基路街道")),
            new District("410106", "上街区", 113.300, 34.810, false, 0.015, List.of("济源路街道", "中心路街道", "新安路街道", "工业路街道", "矿山街道", "峡窝镇")),
            new District("410108", "惠济区", 113.620, 34.870, true, 0.06, List.of("新城街道", "刘寨街道", "老鸦陈街道", "长兴路街道", "迎宾路街道",
                    "大河路街道", "古荥镇", "花园口镇")),
            new District("410122", "中牟县", 113.980, 34.720, false, 0.11, List.of("城关镇", "韩寺镇", "官渡镇", "狼城岗镇", "万滩镇", "白沙镇",
                    "郑庵镇", "张庄镇", "黄店镇", "大孟镇", "刘集镇", "雁鸣湖镇")),
            new District("410181", "巩义市", 113.000, 34.750, false, 0.08, List.of("新华路街道", "杜甫路街道", "永安路街道", "孝义街道", "紫荆路街道",
                    "米河镇", "回郭镇", "竹林镇", "站街镇", "小关镇")),
            new District("410182", "荥阳市", 113.380, 34.780, false, 0.07, List.of("索河街道", "京城路街道", "乔楼镇", "豫龙镇", "广武镇", "王村镇",
                    "汜水镇", "高山镇", "刘河镇", "崔庙镇")),
            new District("410183", "新密市", 113.390, 34.540, false, 0.08, List.of("青屏街街道", "新华路街道", "西大街街道", "矿区街道", "城关镇",
                    "米村镇", "牛店镇", "平陌镇", "超化镇", "大隗镇")),
            new District("410184", "新郑市", 113.740, 34.400, false, 0.10, List.of("新建路街道", "新华路街道", "新烟街道", "和庄镇", "薛店镇",
                    "孟庄镇", "郭店镇", "龙湖镇", "辛店镇", "观音寺镇")),
            new District("410185", "登封市", 113.050, 34.455, false, 0.055, List.of("少林街道", "中岳街道", "嵩阳街道", "大金店镇", "告成镇",
                    "卢店镇", "颍阳镇", "君召乡", "石道乡", "唐庄镇")));

    /** Region codes of people registered elsewhere who live here (a share of residents). */
    static final List<String> OTHER_BIRTH_REGIONS = List.of("410302", "410702", "410802", "411102", "411302", "411502", "411602",
            "411702", "410202", "410502", "110101", "310101", "420102", "370102", "340102");

    record Road(String name, double at) {
    }

    /** East–west main roads of the core city, by latitude. */
    static final List<Road> EAST_WEST = List.of(new Road("北三环", 34.806), new Road("农业路", 34.788), new Road("黄河路", 34.777),
            new Road("金水路", 34.766), new Road("建设路", 34.756), new Road("中原路", 34.748), new Road("陇海路", 34.731),
            new Road("航海路", 34.716), new Road("南三环", 34.697));

    /** North–south main roads of the core city, by longitude. */
    static final List<Road> NORTH_SOUTH = List.of(new Road("西三环", 113.575), new Road("秦岭路", 113.596), new Road("嵩山路", 113.615),
            new Road("桐柏路", 113.628), new Road("大学路", 113.641), new Road("京广路", 113.652), new Road("紫荆山路", 113.683),
            new Road("未来路", 113.705), new Road("中州大道", 113.726), new Road("东三环", 113.746));

    record Landmark(String name, String kind, double lon, double lat, int beds) {
    }

    static final List<Landmark> HOSPITALS = List.of(
            new Landmark("郑州大学第一附属医院", "综合医院", 113.648, 34.756, 7000),
            new Landmark("河南省人民医院", "综合医院", 113.671, 34.758, 5000),
            new Landmark("郑州市中心医院", "综合医院", 113.612, 34.762, 2800),
            new Landmark("郑州人民医院", "综合医院", 113.660, 34.738, 2000),
            new Landmark("河南省肿瘤医院", "专科医院", 113.708, 34.775, 2500),
            new Landmark("郑州市第六人民医院", "传染病医院", 113.551, 34.815, 1200),
            new Landmark("河南省儿童医院", "儿童医院", 113.690, 34.788, 1800),
            new Landmark("郑州大学第二附属医院", "综合医院", 113.648, 34.729, 1500));

    static final List<Landmark> STATIONS = List.of(
            new Landmark("郑州站", "火车站", 113.658, 34.746, 0),
            new Landmark("郑州东站", "高铁站", 113.772, 34.757, 0),
            new Landmark("郑州西站", "高铁站", 113.462, 34.772, 0),
            new Landmark("郑州新郑国际机场", "机场", 113.841, 34.527, 0),
            new Landmark("郑州长途汽车中心站", "汽车站", 113.707, 34.725, 0));

    record Checkpoint(String name, String road, String direction, double lon, double lat) {
    }

    /** Traffic checkpoints on the approach roads, where the city registers arrivals. */
    static final List<Checkpoint> CHECKPOINTS = List.of(
            new Checkpoint("京港澳高速郑州北站", "G4京港澳高速", "北", 113.760, 34.930),
            new Checkpoint("京港澳高速新郑南站", "G4京港澳高速", "南", 113.780, 34.300),
            new Checkpoint("连霍高速郑州西站", "G30连霍高速", "西", 112.780, 34.770),
            new Checkpoint("连霍高速中牟东站", "G30连霍高速", "东", 114.180, 34.760),
            new Checkpoint("107国道北口", "G107国道", "北", 113.660, 34.960),
            new Checkpoint("107国道南口", "G107国道", "南", 113.720, 34.290),
            new Checkpoint("310国道东口", "G310国道", "东", 114.190, 34.700),
            new Checkpoint("310国道西口", "G310国道", "西", 112.760, 34.720),
            new Checkpoint("郑少高速登封站", "S85郑少高速", "西南", 113.000, 34.420),
            new Checkpoint("机场高速收费站", "S1机场高速", "东南", 113.820, 34.560),
            new Checkpoint("京港澳高速郑州站", "G4京港澳高速", "东", 113.790, 34.730),
            new Checkpoint("郑民高速万滩站", "S87郑民高速", "东北", 114.050, 34.870),
            new Checkpoint("郑尧高速新密站", "S88郑栾高速", "西南", 113.350, 34.470),
            new Checkpoint("郑云高速花园口站", "S49焦桐高速", "北", 113.680, 34.930));

    static final List<String> SURNAMES = List.of("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
            "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅",
            "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎");

    static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰志强海燕文博浩然子涵欣怡梓萱一诺宇轩雨泽思远佳怡晨曦嘉豪俊杰晓东春生秋月冬梅振华卫东红旗";

    static final List<String> PLACE_WORDS = List.of("文化", "黄河", "建业", "银河", "绿城", "花园", "南阳", "政通", "经纬", "金桥", "锦江",
            "龙湖", "康宁", "祥和", "安泰", "富田", "裕华", "正商", "鑫苑", "永威", "海马", "阳光", "幸福", "和平", "瑞祥", "中州", "嵩山",
            "商都", "紫荆", "桐柏", "秦岭", "淮河", "汝河", "伏牛", "太行", "长城", "丰乐", "兴隆", "联盟", "新村", "东明", "西林");

    static final List<String> INDUSTRIES = List.of("物流", "食品", "电子", "汽车零部件", "软件", "建筑", "纺织", "医药", "餐饮", "商贸",
            "机械制造", "新材料", "文化传媒", "金融服务", "教育科技");
}
