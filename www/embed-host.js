// cacheplay embed host: sizes each cacheplay iframe on this page to the height its content
// reports. Include it once, after or before the iframes:
//   <script src="https://…/cacheplay/embed-host.js" async></script>
// An embed posts {type: "cacheplay:height", height} to its parent whenever its height
// changes (docs/embed.md). A message counts only when it comes from the window of one of
// this page's iframes and from the origin that iframe's src names, so another frame or a
// page the iframe navigated to can't resize it.
(function () {
  'use strict';
  var TYPE = 'cacheplay:height';
  // A bound against a runaway embed: no cacheplay view is anywhere near this tall.
  var MAX_HEIGHT = 20000;

  function frameOf(source) {
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== TYPE) return;
    var height = Number(data.height);
    if (!isFinite(height) || height <= 0) return;
    var frame = frameOf(event.source);
    if (!frame) return;
    var expected;
    try {
      expected = new URL(frame.src, document.baseURI).origin;
    } catch (e) {
      return;
    }
    if (event.origin !== expected) return;
    // CSSOM writes are not inline style attributes, so a strict style-src allows them.
    frame.style.height = Math.ceil(Math.min(height, MAX_HEIGHT)) + 'px';
    frame.setAttribute('data-cacheplay-height', String(Math.ceil(Math.min(height, MAX_HEIGHT))));
  });
})();
