import * as fs from 'node:fs';

/** Counts what the detector reads, so the benchmark can report bytes per process. */
export interface IoStats {
  bytesRead: number;
  filesOpened: number;
}

export function newIoStats(): IoStats {
  return { bytesRead: 0, filesOpened: 0 };
}

const CHUNK = 16 * 1024;
let scratch = Buffer.allocUnsafe(CHUNK);

// O_NONBLOCK keeps a hostile prepared tree (a FIFO in place of a file) from hanging the reader.
const OPEN_FLAGS =
  fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY;

/**
 * Reads at most `maxBytes` of a file. /proc files report size 0, so this reads until EOF or the
 * limit, in chunks, into one reused scratch buffer. Returns the bytes and whether the limit cut it.
 */
export function readBounded(
  path: string,
  maxBytes: number,
  stats?: IoStats,
): { data: Buffer; truncated: boolean } {
  const fd = fs.openSync(path, OPEN_FLAGS);
  if (stats) stats.filesOpened++;
  try {
    return readFdBounded(fd, maxBytes, stats);
  } finally {
    fs.closeSync(fd);
  }
}

function readFdBounded(
  fd: number,
  maxBytes: number,
  stats?: IoStats,
): { data: Buffer; truncated: boolean } {
  if (scratch.length < Math.min(maxBytes + 1, 1 << 20)) {
    scratch = Buffer.allocUnsafe(Math.min(maxBytes + 1, 1 << 20));
  }
  const chunks: Buffer[] = [];
  let total = 0;
  // Read one byte beyond the limit to learn whether the file was cut.
  while (total <= maxBytes) {
    const want = Math.min(scratch.length, maxBytes + 1 - total);
    const n = fs.readSync(fd, scratch, 0, want, null);
    if (n <= 0) break;
    chunks.push(Buffer.from(scratch.subarray(0, n)));
    total += n;
  }
  if (stats) stats.bytesRead += total;
  const data = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  if (total > maxBytes)
    return { data: data.subarray(0, maxBytes), truncated: true };
  return { data, truncated: false };
}

/** Reads a file as UTF-8 text (invalid bytes become U+FFFD; decoding never throws). */
export function readBoundedText(
  path: string,
  maxBytes: number,
  stats?: IoStats,
) {
  const { data, truncated } = readBounded(path, maxBytes, stats);
  return { text: data.toString('utf8'), truncated };
}
