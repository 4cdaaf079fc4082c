// The CronJob controller as the controller manager runs it.
import type { ControllerDescriptor } from '../controller-context.js';
import { CronJobController } from './cronjob-controller.js';

/** "cronjob", 5 workers (--concurrent-cron-job-syncs). */
export const cronJobControllerDescriptor: ControllerDescriptor = {
  name: 'cronjob',
  defaultWorkers: 5,
  setup(ctx, workers) {
    const controller = new CronJobController({ ctx, workers });
    return { run: () => controller.run() };
  },
};
