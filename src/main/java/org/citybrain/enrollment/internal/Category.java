package org.citybrain.enrollment.internal;

/**
 * The order in which a school admits the children of its catchment (招生类别), modelled on Zhengzhou's published
 * order for its urban districts: first children registered at their family's own home (房户一致), then children
 * registered in the catchment without a home there, then children of families owning a home there but registered
 * elsewhere, then migrant workers' children (随迁子女) with a residence permit and social insurance in the district.
 * The others are placed by the district where places remain (统筹安排). A lower rank is admitted first.
 */
enum Category {
    HOME_AND_HOUSEHOLD(1, "第一类：房户一致", "1st: registered at the family's own home in the catchment"),
    HOUSEHOLD(2, "第二类：户籍在片区，无本片区房产", "2nd: registered in the catchment, no home there"),
    HOME(3, "第三类：有本片区房产，户籍不在片区", "3rd: a home in the catchment, registered elsewhere"),
    MIGRANT(4, "第四类：进城务工人员随迁子女", "4th: a migrant worker's child (residence permit and social insurance in the district)"),
    OTHER(5, "统筹安排", "placed by the district where places remain");

    final int rank;
    final String zh;
    final String en;

    Category(int rank, String zh, String en) {
        this.rank = rank;
        this.zh = zh;
        this.en = en;
    }
}
