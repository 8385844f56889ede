import fp from 'fastify-plugin';
import { DEMO_ACCOUNTS, demoBanner, seedDemoIfEmpty } from './seed.ts';
import { growDemoCity } from './city.ts';
import { countUsers, demoUserIds, firstPlanAt, storefrontsOfOwners } from './repo.ts';
import { callDemoBanner, seedDemoCalls } from './calls.ts';

/**
 * Demo data on an empty database when `app.config.demoData` (never in production, see config.ts): one
 * staff, two owners, three designers, a storefront each for the owners and one plan. The logins are
 * printed at start-up while the demo accounts exist.
 */
export default fp(
  async (app) => {
    if (!app.config.demoData) return;
    const seeded = await seedDemoIfEmpty(app.db);
    let demoCall: Promise<void> | undefined;
    app.addHook('onClose', async () => {
      await demoCall;
    });
    if (seeded) {
      app.log.info('demo data created');
      // Plans and documents go through the live sync and the plan lifecycle, whose subscribers are
      // registered by later plugins: wait until every plugin is in.
      app.addHook('onReady', async () => {
        try {
          await growDemoCity(app);
        } catch (err) {
          app.log.error({ err }, 'demo city could not be created');
        }
        // Open calls (issue 16): both base storefronts offered, one published call for them, one call in its
        // jury phase (six applications, two jurors half-way, a conflict) and one decided into the Klangraum
        // plan. Not awaited (the start-up is long enough); closing waits for it.
        demoCall = (async () => {
          const users = await demoUserIds(app.db, 'demo.kreativquartiere.example');
          const [a, b] = await storefrontsOfOwners(app.db, users.eigentuemer1, users.eigentuemerin2);
          const klangraum = await firstPlanAt(app.db, a);
          if (!klangraum) throw new Error('the Klangraum plan of the demo set is missing');
          await seedDemoCalls(
            { db: app.db, calls: app.calls, applications: app.applications, jury: app.jury },
            {
              staffId: users.stabsstelle,
              designerIds: [users.gestalterin1, users.gestalter2, users.gestalterin3],
              storefrontIds: [a, b],
              klangraumPlanId: klangraum,
            },
          );
        })().catch((err) => app.log.error({ err }, 'demo calls could not be created'));
      });
    }
    if ((await countUsers(app.db, DEMO_ACCOUNTS[0].email)) > 0) {
      app.startupBanner ??= [];
      // The calls demo's applicants and external juror, listed with the base set's logins.
      const lines = demoBanner();
      lines.splice(lines.length - 1, 0, ...callDemoBanner());
      app.startupBanner.push(...lines);
    }
  },
  { name: 'demo', dependencies: ['database', 'sync', 'plans', 'calls', 'applications', 'jury'] },
);
