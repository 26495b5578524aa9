// Where a burst's CPU went on this machine: all cores together, and each program of the local
// stack, read from /proc (Linux). For bench:compare's "where the time goes".
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** /proc counts CPU in USER_HZ, 100 a second on Linux. */
const MS_PER_TICK = 10;

/** Busy and total CPU milliseconds of the whole machine, all cores, from /proc/stat. */
function machineCpuMs(): { busy: number; total: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = (
    readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  )
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = [user, nice, system, irq, softirq, steal].reduce<number>((sum, v) => sum + (v ?? 0), 0);
  return { busy: busy * MS_PER_TICK, total: (busy + (idle ?? 0) + (iowait ?? 0)) * MS_PER_TICK };
}

function readProcess(pid: number): { start: string; name: string; cpuMs: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const name = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      // utime, stime and starttime are fields 14, 15 and 22 of the line (1-based).
      start: fields[19] ?? '',
      name,
      cpuMs: (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * MS_PER_TICK,
    };
  } catch {
    return undefined; // ended between the listing and the read
  }
}

/** Which part of the stack a program is, by its executable (Postfix and Dovecot both have an `lmtp`). */
function componentOf(pid: number, name: string): string {
  let exe = '';
  try {
    exe = readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return 'other';
  }
  if (exe.includes('/postfix/')) return 'Postfix';
  if (exe.includes('/dovecot')) return 'Dovecot';
  if (exe.endsWith('/opendkim')) return 'OpenDKIM';
  if (exe.endsWith('/opendmarc')) return 'OpenDMARC';
  if (exe.includes('/postgresql/')) return 'PostgreSQL';
  if (name === 'redis-server') return 'Redis';
  if (exe.endsWith('/dnsmasq')) return 'DNS (dnsmasq)';
  return 'other';
}

export interface CpuSnapshot {
  machine: { busy: number; total: number };
  /** CPU ms of every process, keyed by pid and start time (a pid may be reused). */
  processes: Map<string, { pid: number; name: string; cpuMs: number }>;
}

export function snapshotCpu(): CpuSnapshot {
  const processes = new Map<string, { pid: number; name: string; cpuMs: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const p = readProcess(pid);
    if (p) processes.set(`${pid}/${p.start}`, { pid, name: p.name, cpuMs: p.cpuMs });
  }
  return { machine: machineCpuMs(), processes };
}

/**
 * CPU ms each part used between two snapshots. `named` sorts given pids into parts of their own
 * (the daemon, the bench). A process that began during the interval counts whole; one that ended
 * during it is lost, with the kernel's own work, in "unattributed": the machine's busy time less
 * everything attributed.
 */
export function cpuByComponent(
  before: CpuSnapshot,
  after: CpuSnapshot,
  named: Record<string, number[]>,
): Record<string, number> {
  const byPid = new Map<number, string>();
  for (const [part, pids] of Object.entries(named)) for (const pid of pids) byPid.set(pid, part);
  const parts: Record<string, number> = {};
  let attributed = 0;
  for (const [key, p] of after.processes) {
    const used = p.cpuMs - (before.processes.get(key)?.cpuMs ?? 0);
    if (used <= 0) continue;
    const part = byPid.get(p.pid) ?? componentOf(p.pid, p.name);
    parts[part] = (parts[part] ?? 0) + used;
    attributed += used;
  }
  parts.unattributed = Math.max(0, after.machine.busy - before.machine.busy - attributed);
  return parts;
}
