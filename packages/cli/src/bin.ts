// The `sextant` executable: parse, run, set the exit code. Nothing else lives here.
import { runCli } from './run-cli.js';

process.exitCode = await runCli({ argv: process.argv.slice(2) });
