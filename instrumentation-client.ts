// Runs in the browser before the app's code (Next.js file convention).
import './zod-jitless';
