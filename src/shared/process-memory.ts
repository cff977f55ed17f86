import { readFileSync } from 'node:fs';

/**
 * A field of a process's memory from the kernel (`VmRSS`: resident now, `VmHWM`: its peak so far), in kB;
 * null where there is no /proc (not Linux) or the process has ended. Issue 11's M is measured with it.
 */
export function processMemoryKb(field: 'VmRSS' | 'VmHWM', pid: number): number | null {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb);
  } catch {
    return null;
  }
}
