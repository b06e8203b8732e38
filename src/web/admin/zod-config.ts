// Imported first by main.tsx: zod 4 probes `new Function` to compile fast object parsers, and the console's
// Content-Security-Policy (no 'unsafe-eval') reports that probe as a violation. Jitless parsing needs no eval.
import { z } from 'zod';

z.config({ jitless: true });
