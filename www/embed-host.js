// cacheplay embed host: sizes each cacheplay iframe on this page to the height its content
// reports. Include it once, after or before the iframes:
//   <script src="https://…/cacheplay/embed-host.js" async></script>
// An embed posts {type: "cacheplay:height", height} to its parent whenever its height
// changes (docs/embed.md). A message counts only when it comes from the window of one of
// this page's cacheplay iframes (those with the data-cacheplay attribute the snippet
// writes) and from the origin that iframe's src names, so another frame, a data: frame
// (whose origin reads "null") or a page the iframe navigated to can't resize anything; and
// only with a height that is a number between MIN_HEIGHT and MAX_HEIGHT pixels.
(function () {
  'use strict';
  var TYPE = 'cacheplay:height';
  // No cacheplay view is anywhere near this short or this tall; a height outside is not an
  // embed's, and is ignored rather than clamped.
  var MIN_HEIGHT = 50;
  var MAX_HEIGHT = 20000;

  function frameOf(source) {
    var frames = document.querySelectorAll('iframe[data-cacheplay]');
    for (var i = 0; i < frames.length; i++) {
      if (source && frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== TYPE) return;
    var height = data.height;
    // typeof, not Number(): "650", [640] and true would convert.
    if (typeof height !== 'number' || !isFinite(height)) return;
    if (height < MIN_HEIGHT || height > MAX_HEIGHT) return;
    var frame = frameOf(event.source);
    if (!frame) return;
    var expected;
    try {
      expected = new URL(frame.src, document.baseURI).origin;
    } catch (e) {
      return;
    }
    if (expected === 'null' || event.origin !== expected) return;
    var pixels = Math.ceil(height);
    // CSSOM writes are not inline style attributes, so a strict style-src allows them.
    frame.style.height = pixels + 'px';
    frame.setAttribute('data-cacheplay-height', String(pixels));
  });
})();
