/**
 * What /proc says about the server under load (Linux only): resident memory (VmRSS of
 * /proc/PID/status) and CPU time (utime + stime of /proc/PID/stat, in clock ticks). Each function
 * returns null when the process or /proc is not there, so the report shows "n/a" rather than failing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Resident set size of `pid` in bytes, or null. */
export function readRssBytes(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

let ticksPerSecond: number | null = null;

/** The kernel's clock ticks per second (getconf CLK_TCK; 100 if that fails). */
function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time (user + system) `pid` has used, in microseconds, or null. */
export function readCpuMicros(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces; the fields after its closing parenthesis are fixed.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]); // utime (field 14), stime (field 15)
    return Number.isFinite(ticks) ? (ticks * 1e6) / clockTicks() : null;
  } catch {
    return null;
  }
}
