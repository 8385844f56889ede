/** Plane geometry for floor outlines and layout items (cm, y down). */
export * from './polygon.ts';
export * from './rect.ts';
export * from './sat.ts';
export * from './containment.ts';
export * from './door-zone.ts';
