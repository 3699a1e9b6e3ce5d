/**
 * @module How a long import shows it is moving: a progress bar on a terminal, a plain line per
 * tenth of the table otherwise (logs and pipes get no control characters).
 */
import { Presets, SingleBar } from 'cli-progress';
import type { CliIo } from '../io.js';

/** Told the rows read so far; stopped once at the end. */
export interface Progress {
  update(rowsRead: number, rows: number): void;
  stop(): void;
}

/**
 * A bar on standard error when it is a terminal, else plain lines there; stdout stays for the report.
 *
 * @example const progress = createProgress(io); progress.update(5000, 100000); progress.stop();
 */
export function createProgress(io: CliIo): Progress {
  return io.stderr.isTTY ? terminalBar(io) : plainLines(io);
}

function terminalBar(io: CliIo): Progress {
  const bar = new SingleBar(
    {
      stream: io.stderr,
      format: 'Importing |{bar}| {percentage}% | {value}/{total} rows | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(rowsRead, rows) {
      if (!started) bar.start(rows, 0);
      started = true;
      bar.update(rowsRead);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function plainLines(io: CliIo): Progress {
  let shownTenths = 0;
  return {
    update(rowsRead, rows) {
      const tenths = rows === 0 ? 10 : Math.floor((Math.min(rowsRead, rows) * 10) / rows);
      if (tenths <= shownTenths) return;
      shownTenths = tenths;
      io.stderr.write(`Read ${rowsRead} of ${rows} rows (${tenths * 10}%).\n`);
    },
    stop() {},
  };
}
