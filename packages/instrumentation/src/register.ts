/**
 * `node --import @sextant/instrumentation/register app.js`: instruments every `openai` and
 * `@anthropic-ai/sdk` client the app creates, using the global tracer and meter providers (the
 * app may register its OTel SDK later; spans follow it). Content capture follows
 * OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT.
 */
import { SextantInstrumentation } from './sextant-instrumentation.js';

const instrumentation = new SextantInstrumentation();
await instrumentation.patchInstalledSdks();
instrumentation.enable();
