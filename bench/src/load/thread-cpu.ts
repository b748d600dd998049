/**
 * CPU time (user + system) of the calling thread alone, in seconds. The load workers run as
 * threads of the bench process, so this is how a publisher's or a subscriber's own cost is told
 * apart from the bench's other threads.
 */
export function threadCpuSeconds(): number {
  const cpu = process.threadCpuUsage();
  return (cpu.user + cpu.system) / 1e6;
}
