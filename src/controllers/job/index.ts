// The Job controller as the controller manager runs it, and the selector generation the apiserver's
// Job strategy applies on create.
import type { ControllerDescriptor } from '../controller-context.js';
import { JobController } from './job-controller.js';

export { generateJobSelector } from '../../api/workloads/job-selector.js';

/** "job", 5 workers (--concurrent-job-syncs). */
export const jobControllerDescriptor: ControllerDescriptor = {
  name: 'job',
  defaultWorkers: 5,
  setup(ctx, workers) {
    const controller = new JobController({ ctx, workers });
    return { run: () => controller.run() };
  },
};
