/**
 * School enrollment (义务教育入学报名), as the city's education bureau runs it: a campaign opens a window for the
 * first year of primary or junior middle school; a parent applies once per child, on any channel, and the application
 * is acknowledged at once — the rush of a window's first minutes only writes it; each application's category (房户一致,
 * registered in the catchment, a home in the catchment, a migrant worker's child with a residence permit and social
 * insurance, the others) and catchment school are then checked from other departments' records through the data hub's
 * grants, and shown to the parent with the reason. Places are allocated only after the window closes, by the published
 * order of categories, so that nobody gains by being first; where a category has more children than a school's places
 * left, a lottery decides, from a seed whose hash was published when the campaign opened and which is revealed after it
 * closed, so that anyone can recompute the draw. Parents appeal; the bureau answers.
 */
@org.springframework.modulith.ApplicationModule(displayName = "School enrollment")
package org.citybrain.enrollment;
