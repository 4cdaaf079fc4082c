import { describeBackendConformance } from '../conformance/backend-conformance.js';
import { MemoryBackend } from './memory-backend.js';

describeBackendConformance('memory', async () => new MemoryBackend());
