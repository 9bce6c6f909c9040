// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID through bun:ffi), for the benchmark: on a
// shared machine wall-clock time includes waiting for a core, CPU time is what the isolate itself costs.
// Returns null where the clock is unavailable (another OS, no libc), so callers fall back to wall time.
import { dlopen, FFIType, ptr } from "bun:ffi";

const CLOCK_THREAD_CPUTIME_ID = 3;

export function threadCpuClock(): (() => number) | null {
  try {
    const libc = dlopen("libc.so.6", { clock_gettime: { args: [FFIType.i32, FFIType.ptr], returns: FFIType.i32 } });
    const timespec = new BigInt64Array(2);
    const at = ptr(timespec);
    return () => {
      libc.symbols.clock_gettime(CLOCK_THREAD_CPUTIME_ID, at);
      return Number(timespec[0]) * 1000 + Number(timespec[1]) / 1e6;
    };
  } catch {
    return null;
  }
}
