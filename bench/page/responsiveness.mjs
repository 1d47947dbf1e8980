// Measures how responsive the page thread stays, from inside the page: a Long Tasks observer
// (every main-thread task over 50 ms, with its duration) and a requestAnimationFrame heartbeat
// (the longest gap between two frames). Injected by the page benchmark before the page loads;
// the page itself ships no measuring code.

/** Installs the probes; call before page.goto. */
export async function installResponsivenessProbes(page) {
  await page.addInitScript(() => {
    const probe = { longTasks: [], heartbeat: null };
    window.bnlabTestProbe = probe;
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      probe.longTasksUnsupported = true;
    }
    probe.startHeartbeat = () => {
      const heartbeat = { running: true, frames: 0, maximumGap: 0, last: performance.now(), startedAt: performance.now() };
      probe.heartbeat = heartbeat;
      const beat = (now) => {
        if (!heartbeat.running) return;
        heartbeat.maximumGap = Math.max(heartbeat.maximumGap, now - heartbeat.last);
        heartbeat.last = now;
        heartbeat.frames += 1;
        requestAnimationFrame(beat);
      };
      requestAnimationFrame(beat);
    };
    probe.stopHeartbeat = () => {
      const heartbeat = probe.heartbeat;
      heartbeat.running = false;
      heartbeat.stoppedAt = performance.now();
      return heartbeat;
    };
  });
}

/** Starts the frame heartbeat; returns the time (page clock) it started. */
export function startHeartbeat(page) {
  return page.evaluate(() => { window.bnlabTestProbe.startHeartbeat(); return performance.now(); });
}

/**
 * Stops the heartbeat and reports, for the window since it started: the longest gap between
 * frames, frames per second, and the long tasks (> 50 ms) with the longest one.
 */
export function stopHeartbeat(page) {
  return page.evaluate(() => {
    const probe = window.bnlabTestProbe;
    const heartbeat = probe.stopHeartbeat();
    const tasks = probe.longTasks.filter((task) => task.start >= heartbeat.startedAt && task.start <= heartbeat.stoppedAt);
    return {
      milliseconds: heartbeat.stoppedAt - heartbeat.startedAt,
      frames: heartbeat.frames,
      maximumFrameGap: heartbeat.maximumGap,
      longTaskCount: tasks.length,
      longestTask: tasks.reduce((longest, task) => Math.max(longest, task.duration), 0),
      longTasksSupported: !probe.longTasksUnsupported,
    };
  });
}
