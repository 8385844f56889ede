/** The quarters' schematic outlines live in shared/ (the server draws them on public pages too). */
export * from '@planner/shared/geometry/quarters-geo';
