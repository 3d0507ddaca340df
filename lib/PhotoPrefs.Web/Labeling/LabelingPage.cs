using System.Globalization;
using PhotoPrefs.Labeling;

namespace PhotoPrefs.Web.Labeling;

/// <summary>
/// The labeling page served by <see cref="LabelingServer"/>: one photo at a time, fitted to the window from the
/// original file (Z or a click toggles the 100 % view, dragged to pan), Keep/Delete/Undo with keyboard shortcuts,
/// and the photos most like it (Similar).
/// </summary>
internal static class LabelingPage
{
    public static readonly string Html = Template
        .Replace("{{PageScript}}", PageScript, StringComparison.Ordinal)
        .Replace("{{MaxSide}}", PhotoViews.MaxSide.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>
    /// The script both pages begin with (the token read from the address before it): <c>$(id)</c>, <c>api(method,
    /// path, body)</c>, a JSON request with the session token that throws on an error status, and <c>status(text, error)</c>.
    /// </summary>
    internal const string PageScript = """
        function $(id) { return document.getElementById(id); }
          function api(method, path, body) {
            var init = { method: method, headers: { 'X-PhotoPrefs-Token': token } };
            if (body) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
            return fetch(path, init).then(function (r) {
              if (!r.ok) { return r.text().then(function (t) { throw new Error(r.status + ' ' + t); }); }
              return r.json();
            });
          }
          function status(text, error) { var s = $('status'); s.textContent = text; s.className = error ? 'error' : ''; }
        """;

    private const string Template = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width">
        <title>PhotoPrefs labeling</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 1em; background: #fafafa; }
          #stage { height: max(240px, calc(100vh - 19em)); overflow: hidden; display: flex; align-items: center; justify-content: center; margin: 0.5em 0; border: 4px solid #ddd; border-radius: 4px; background: #333; }
          #stage.keep { border-color: #2ca02c; } #stage.delete { border-color: #d62728; }
          #photo { max-width: 100%; max-height: 100%; display: block; cursor: zoom-in; }
          #stage.actual { display: block; overflow: auto; cursor: grab; }
          #stage.actual #photo { max-width: none; max-height: none; cursor: zoom-out; }
          #note { color: #a05a00; min-height: 1.2em; }
          button { font-size: 1.1em; padding: 0.5em 1.2em; margin-right: 0.4em; border-radius: 4px; border: 1px solid #888; cursor: pointer; }
          #keep { background: #e6f4e6; } #delete { background: #fbe6e6; }
          .bar { height: 10px; background: #eee; border-radius: 5px; overflow: hidden; max-width: 40em; }
          .bar > div { height: 100%; background: #1f77b4; }
          #status { color: #555; min-height: 1.4em; } #status.error { color: #d62728; font-weight: bold; }
          .muted { color: #666; font-size: 0.9em; }
          #similar { display: flex; flex-wrap: wrap; gap: 6px; margin: 0.5em 0; }
          #similar figure { margin: 0; width: 112px; cursor: pointer; font-size: 0.75em; color: #555; }
          #similar img { width: 112px; height: 84px; object-fit: cover; border: 3px solid #ddd; border-radius: 3px; }
          #similar img.keep { border-color: #2ca02c; } #similar img.delete { border-color: #d62728; }
        </style>
        </head>
        <body>
        <h2>Labeling as <span id="user"></span></h2>
        <div id="progress" class="muted"></div>
        <div class="bar"><div id="bar" style="width:0%"></div></div>
        <div id="stage"><img id="photo" alt="photo to label" title="click or Z: 100 % view"></div>
        <div id="note" role="note"></div>
        <div><b id="file"></b> <span id="why" class="muted"></span> <span id="current" class="muted"></span></div>
        <p>
          <button id="keep" title="K">Keep (K)</button>
          <button id="delete" title="D">Delete (D)</button>
          <button id="undo" title="U">Undo (U)</button>
          <button id="prev" title="left arrow">&larr;</button>
          <button id="next" title="right arrow">&rarr;</button>
          <button id="similarButton" title="S">Similar (S)</button>
          <button id="zoom" title="Z">100 % (Z)</button>
        </p>
        <div id="similar" aria-label="similar photos"></div>
        <div id="status" role="status"></div>
        <p class="muted">Every click is saved to the workspace before the page moves on; you can close this page or stop the server at any time and continue later.</p>
        <script>
        (function () {
          var token = new URLSearchParams(location.search).get('token') || '';
          var queue = [], index = 0, busy = false;
          var maxSide = {{MaxSide}};
          // The photo on screen: its object URL, the original's upright size, and whether it is shown 1:1.
          var view = { seq: 0, url: null, size: null, actual: false, focus: [0.5, 0.5], dragged: false };
          {{PageScript}}
          function render() {
            var labeled = queue.filter(function (q) { return q.label; }).length;
            var reps = queue.filter(function (q) { return q.why === 'representative'; });
            var repsDone = reps.filter(function (q) { return q.label; }).length;
            $('progress').textContent = (reps.length ? repsDone + ' of ' + reps.length + ' representatives labeled; ' : '') + labeled + ' of ' + queue.length + ' photos labeled';
            $('bar').style.width = (reps.length ? 100 * repsDone / reps.length : 100 * labeled / Math.max(1, queue.length)) + '%';
            if (!queue.length) { $('file').textContent = 'no photos in this workspace'; return; }
            var item = queue[index];
            $('photo').className = item.label || '';
            $('stage').classList.toggle('keep', item.label === 'keep');
            $('stage').classList.toggle('delete', item.label === 'delete');
            view.actual = false;
            $('stage').classList.remove('actual');
            showPhoto();
            $('file').textContent = item.file;
            $('why').textContent = '(' + item.why + ')';
            $('current').textContent = item.label ? 'labeled: ' + item.label : 'not labeled yet';
            $('photo').setAttribute('data-id', item.id);
            $('similar').textContent = '';
          }
          function clamp(n) { return Math.max(1, Math.min(maxSide, Math.round(n))); }
          // Fit: the stage's size in device pixels. 100 %: the original's own size (at most maxSide).
          function showPhoto() {
            if (!queue.length) { return; }
            var id = queue[index].id, stage = $('stage'), img = $('photo'), dpr = window.devicePixelRatio || 1;
            var w, h;
            if (view.actual && view.size) { w = clamp(view.size[0]); h = clamp(view.size[1]); }
            else { w = clamp(stage.clientWidth * dpr); h = clamp(stage.clientHeight * dpr); }
            var seq = ++view.seq;
            fetch('/api/photo/' + id + '?w=' + w + '&h=' + h, { headers: { 'X-PhotoPrefs-Token': token } }).then(function (r) {
              if (!r.ok) { return r.text().then(function (t) { throw new Error(r.status + ' ' + t); }); }
              var got = { size: r.headers.get('X-PhotoPrefs-Original-Size'), note: r.headers.get('X-PhotoPrefs-Note'), source: r.headers.get('X-PhotoPrefs-Source') };
              return r.blob().then(function (b) { got.blob = b; return got; });
            }).then(function (got) {
              if (seq !== view.seq) { return; }
              var old = view.url, url = URL.createObjectURL(got.blob);
              view.url = url;
              view.size = got.size ? got.size.split('x').map(Number) : null;
              $('note').textContent = got.note ? decodeURIComponent(got.note) : '';
              img.onload = function () {
                if (old) { URL.revokeObjectURL(old); }
                if (seq !== view.seq) { return; }
                layout();
                img.setAttribute('data-source', got.source);
                img.setAttribute('data-view', view.actual ? 'actual' : 'fit');
              };
              img.removeAttribute('data-view');
              img.src = url;
            }).catch(function (e) { if (seq === view.seq) { status('could not show the photo: ' + e.message, true); } });
          }
          function layout() {
            var img = $('photo'), stage = $('stage'), dpr = window.devicePixelRatio || 1;
            if (!view.actual) { img.style.width = ''; img.style.height = ''; return; }
            img.style.width = (img.naturalWidth / dpr) + 'px';
            img.style.height = (img.naturalHeight / dpr) + 'px';
            stage.scrollLeft = view.focus[0] * img.offsetWidth - stage.clientWidth / 2;
            stage.scrollTop = view.focus[1] * img.offsetHeight - stage.clientHeight / 2;
          }
          function setActual(on, fx, fy) {
            if (!queue.length) { return; }
            view.actual = on;
            view.focus = [fx === undefined ? 0.5 : fx, fy === undefined ? 0.5 : fy];
            $('stage').classList.toggle('actual', on);
            showPhoto();
          }
          function similar() {
            if (!queue.length) { return; }
            var item = queue[index];
            api('GET', '/api/similar/' + item.id).then(function (r) {
              var box = $('similar');
              box.textContent = '';
              if (r.message) { status(r.message, false); return; }
              r.items.forEach(function (s) {
                var known = queue.find(function (q) { return q.id === s.id; });
                var fig = document.createElement('figure');
                var img = document.createElement('img');
                img.src = '/photo/' + s.id + '?token=' + encodeURIComponent(token);
                img.alt = s.file;
                img.className = known && known.label ? known.label : '';
                var cap = document.createElement('figcaption');
                cap.textContent = s.file.split('/').pop() + ' ' + s.similarity.toFixed(2);
                fig.appendChild(img); fig.appendChild(cap);
                fig.title = 'open ' + s.file;
                fig.onclick = function () { var at = queue.findIndex(function (q) { return q.id === s.id; }); if (at >= 0) { index = at; render(); } };
                box.appendChild(fig);
              });
              status(r.items.length + ' photos most like ' + item.file);
            }).catch(function (e) { status('could not find similar photos: ' + e.message, true); });
          }
          function nextUnlabeled(from) {
            for (var i = from + 1; i < queue.length; i++) { if (!queue[i].label) { return i; } }
            return Math.min(from + 1, queue.length - 1);
          }
          function load(focusId) {
            return api('GET', '/api/queue').then(function (q) {
              queue = q.items;
              $('user').textContent = q.user;
              if (focusId !== undefined && focusId !== null) {
                index = Math.max(0, queue.findIndex(function (x) { return x.id === focusId; }));
              } else {
                var first = queue.findIndex(function (x) { return !x.label; });
                index = first < 0 ? 0 : first;
              }
              render();
            }).catch(function (e) { status('could not load the queue: ' + e.message, true); });
          }
          function label(value) {
            if (busy || !queue.length) { return; }
            busy = true;
            var item = queue[index];
            status('saving…');
            api('POST', '/api/label', { photoId: item.id, label: value }).then(function () {
              item.label = value;
              status('saved: ' + item.file + ' → ' + value);
              index = nextUnlabeled(index);
              render();
            }).catch(function (e) { status('not saved: ' + e.message, true); }).finally(function () { busy = false; });
          }
          function undo() {
            if (busy) { return; }
            busy = true;
            api('POST', '/api/undo').then(function (r) {
              status(r.undone === null ? 'nothing to undo' : 'undone');
              return load(r.undone);
            }).catch(function (e) { status('undo failed: ' + e.message, true); }).finally(function () { busy = false; });
          }
          $('keep').onclick = function () { label('keep'); };
          $('delete').onclick = function () { label('delete'); };
          $('undo').onclick = undo;
          $('prev').onclick = function () { index = Math.max(0, index - 1); render(); };
          $('next').onclick = function () { index = Math.min(queue.length - 1, index + 1); render(); };
          $('similarButton').onclick = similar;
          $('zoom').onclick = function () { setActual(!view.actual); };
          $('photo').onclick = function (e) {
            if (view.dragged) { view.dragged = false; return; }
            var r = $('photo').getBoundingClientRect();
            setActual(!view.actual, (e.clientX - r.left) / Math.max(1, r.width), (e.clientY - r.top) / Math.max(1, r.height));
          };
          // In the 100 % view the photo is panned by dragging (or with the scroll bars).
          var drag = null;
          $('stage').addEventListener('mousedown', function (e) {
            if (!view.actual || e.button !== 0) { return; }
            drag = { x: e.clientX, y: e.clientY, left: $('stage').scrollLeft, top: $('stage').scrollTop, moved: false };
            e.preventDefault();
          });
          window.addEventListener('mousemove', function (e) {
            if (!drag) { return; }
            var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
            if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; }
            $('stage').scrollLeft = drag.left - dx;
            $('stage').scrollTop = drag.top - dy;
          });
          window.addEventListener('mouseup', function () { if (drag) { view.dragged = drag.moved; drag = null; } });
          var resizing = null;
          window.addEventListener('resize', function () {
            clearTimeout(resizing);
            resizing = setTimeout(function () { if (!view.actual) { showPhoto(); } }, 200);
          });
          document.addEventListener('keydown', function (e) {
            if (e.ctrlKey || e.metaKey || e.altKey) { return; }
            var k = e.key.toLowerCase();
            if (k === 'k') { label('keep'); } else if (k === 'd') { label('delete'); } else if (k === 'u' || k === 'backspace') { e.preventDefault(); undo(); }
            else if (k === 's') { similar(); }
            else if (k === 'z') { setActual(!view.actual); } else if (k === 'escape' && view.actual) { setActual(false); }
            else if (k === 'arrowleft') { $('prev').click(); } else if (k === 'arrowright') { $('next').click(); }
          });
          load();
        })();
        </script>
        </body>
        </html>
        """;
}
