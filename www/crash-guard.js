// cacheplay crash guard: when the simulation traps the WebAssembly instance (a
// WebAssembly.RuntimeError such as "unreachable", which is how running out of memory ends
// in the browser), the instance is unusable and the page can't speak for itself any more.
// This script, outside the wasm, then says what happened in a banner, makes the dead page
// inert so clicks don't throw again, and remembers the address for the session
// (sessionStorage "cacheplay.crashed"), so the page opened at that address again opens
// paused with the message instead of running it (src/ui/crash.rs reads it). The scenario
// saved in localStorage is not touched.
(function () {
  'use strict';
  var KEY = 'cacheplay.crashed';
  var stopped = false;

  // The simulated time the run had reached: the clock's first reading ("00:03.3 / …").
  function clockReading() {
    var clock = document.querySelector('[data-testid="clock"]');
    var match = clock && /\d[\d:.]*/.exec(clock.textContent || '');
    return match ? match[0] : null;
  }

  function describe(error, at) {
    var where = at ? ' at ' + at : '';
    return (
      'The run stopped' + where + ': the browser could not go on simulating this scenario (' +
      String(error) + '), most likely because it ran out of memory. Your scenario is kept. ' +
      'Lower the request rate, the duration, the workers × instances or the queue capacities; ' +
      'for the rest of this session this address opens paused instead of running again.'
    );
  }

  function remember(message) {
    try {
      sessionStorage.setItem(
        KEY,
        JSON.stringify({ address: location.search + location.hash, message: message }),
      );
    } catch (e) {
      // Storage refused (a sandboxed or partitioned frame): the banner still says it.
    }
  }

  function show(message) {
    var banner = document.createElement('div');
    banner.className = 'banner bad crash';
    banner.setAttribute('role', 'alert');
    banner.setAttribute('data-testid', 'crash');
    var text = document.createElement('p');
    text.textContent = message;
    var reload = document.createElement('button');
    reload.textContent = 'Reload, paused';
    reload.setAttribute('data-testid', 'crash-reload');
    reload.addEventListener('click', function () {
      location.reload();
    });
    banner.appendChild(text);
    banner.appendChild(reload);
    var children = document.body.children;
    for (var i = 0; i < children.length; i++) children[i].inert = true;
    document.body.insertBefore(banner, document.body.firstChild);
  }

  function stop(error) {
    if (stopped || !(error instanceof WebAssembly.RuntimeError)) return false;
    stopped = true;
    var message = describe(error, clockReading());
    remember(message);
    show(message);
    return true;
  }

  window.addEventListener('error', function (event) {
    if (stop(event.error)) event.preventDefault();
  });
  window.addEventListener('unhandledrejection', function (event) {
    if (stop(event.reason)) event.preventDefault();
  });
})();
