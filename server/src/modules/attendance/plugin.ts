import fp from 'fastify-plugin';
import { AttendanceService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    attendance: AttendanceService;
  }
}

/** Attendance (issue 20): visitors recorded per ended public entry of a published plan. */
export default fp(
  async (app) => {
    app.decorate('attendance', new AttendanceService(app.db));
  },
  { name: 'attendance', dependencies: ['database'] },
);
