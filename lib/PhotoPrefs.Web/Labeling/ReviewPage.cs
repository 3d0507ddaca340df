using System.Globalization;
using PhotoPrefs.Labeling;

namespace PhotoPrefs.Web.Labeling;

/// <summary>
/// The review page served by <see cref="LabelingServer.StartReviewAsync"/>: the user's suggestions one at a time, highest
/// p(delete) first, fitted to the window from the original; Keep (K) / Delete (D) / Undo (U); the next suggestions in a
/// strip; the live precision (of the latest review answers, how many were delete); the model and its background retrain.
/// It polls <c>/api/review/status</c> every second and, when a retrain re-ordered the queue, takes the new order while the
/// photo on screen stays.
/// </summary>
internal static class ReviewPage
{
    /// <summary>Suggestions shown in the strip after the one on screen.</summary>
    public const int Upcoming = 12;

    public static readonly string Html = Template
        .Replace("{{Upcoming}}", Upcoming.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{{MaxSide}}", PhotoViews.MaxSide.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{{PageScript}}", LabelingPage.PageScript, StringComparison.Ordinal);

    private const string Template = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width">
        <title>PhotoPrefs review</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 1em; background: #fafafa; }
          #stage { height: max(220px, calc(100vh - 22em)); display: flex; align-items: center; justify-content: center; margin: 0.5em 0; border: 4px solid #ddd; border-radius: 4px; background: #333; }
          #photo { max-width: 100%; max-height: 100%; display: block; }
          button { font-size: 1.1em; padding: 0.5em 1.2em; margin-right: 0.4em; border-radius: 4px; border: 1px solid #888; cursor: pointer; }
          #keep { background: #e6f4e6; } #delete { background: #fbe6e6; }
          #precision { font-size: 1.2em; } #precision b { color: #1f77b4; }
          #status { color: #555; min-height: 1.4em; } #status.error, #error { color: #d62728; font-weight: bold; }
          .muted { color: #666; font-size: 0.9em; }
          #upcoming { display: flex; flex-wrap: wrap; gap: 6px; list-style: none; padding: 0; margin: 0.5em 0; }
          #upcoming li { width: 96px; font-size: 0.75em; color: #555; }
          #upcoming img { width: 96px; height: 72px; object-fit: cover; border: 2px solid #ddd; border-radius: 3px; }
        </style>
        </head>
        <body>
        <h2>Review as <span id="user"></span></h2>
        <div id="precision" aria-live="polite"></div>
        <div id="model" class="muted"></div>
        <div id="error" role="alert"></div>
        <div id="stage"><img id="photo" alt="suggested for deletion"></div>
        <div><b id="file"></b> <span id="pdelete" class="muted"></span> <span id="why" class="muted"></span></div>
        <p>
          <button id="keep" title="K">Keep (K)</button>
          <button id="delete" title="D">Delete (D)</button>
          <button id="undo" title="U">Undo (U)</button>
        </p>
        <div id="status" role="status"></div>
        <div class="muted" id="left"></div>
        <ol id="upcoming" aria-label="next suggestions"></ol>
        <p class="muted">Each answer is saved as a label before the page moves on. The model retrains in the background and the queue follows its new order; the photo on screen stays until you answer it.</p>
        <script>
        (function () {
          var token = new URLSearchParams(location.search).get('token') || '';
          var queue = [], version = -1, remaining = 0, busy = false, epoch = 0, seq = 0, shownUrl = null;
          {{PageScript}}
          function pct(x) { return Math.round(100 * x) + ' %'; }
          function renderState(s) {
            var p = s.precision;
            $('precision').setAttribute('data-confirmed', p.confirmed);
            $('precision').setAttribute('data-reviewed', p.reviewed);
            $('precision').innerHTML = '';
            if (p.reviewed === 0) { $('precision').textContent = 'No suggestion reviewed yet: the live precision appears with the first answer.'; }
            else {
              var b = document.createElement('b');
              b.textContent = pct(p.confirmed / p.reviewed);
              $('precision').append('Live precision ', b, ': you confirmed ' + p.confirmed + ' of the last ' + p.reviewed + ' suggestions as delete (window ' + p.window + ').');
            }
            $('model').textContent = 'Queue ordered by model ' + s.model.id + ' (trained on ' + s.model.labels + ' labels, order ' + s.version + '). '
              + (s.training ? 'Retraining in the background…' : (s.retrainEvery - s.pending) + ' more answers until the next retrain.');
            $('model').setAttribute('data-version', s.version);
            $('model').setAttribute('data-training', s.training);
            $('error').textContent = s.error || '';
          }
          // keepShown: a re-ordered queue arrived while the person looks at a photo; that photo stays first.
          function apply(s, keepShown) {
            var items = s.items, shown = queue.length ? queue[0] : null;
            if (keepShown && shown) { items = [shown].concat(items.filter(function (x) { return x.id !== shown.id; })); }
            var changed = !queue.length || !items.length || queue[0].id !== items[0].id;
            queue = items; version = s.version; remaining = s.remaining;
            $('user').textContent = s.user;
            renderState(s);
            render(changed);
          }
          function render(photoChanged) {
            $('left').textContent = remaining + ' suggestions left';
            var list = $('upcoming');
            list.textContent = '';
            queue.slice(1, 1 + {{Upcoming}}).forEach(function (q) {
              var li = document.createElement('li'), img = document.createElement('img');
              li.setAttribute('data-id', q.id);
              img.src = '/photo/' + q.id + '?token=' + encodeURIComponent(token);
              img.alt = q.file;
              li.append(img, document.createElement('br'), q.pDelete.toFixed(2) + ' ' + q.file.split('/').pop());
              list.appendChild(li);
            });
            if (!queue.length) {
              $('file').textContent = 'no suggestions left to review';
              $('pdelete').textContent = ''; $('why').textContent = '';
              $('photo').removeAttribute('data-id'); $('photo').removeAttribute('src');
              return;
            }
            var item = queue[0];
            $('file').textContent = item.file;
            $('pdelete').textContent = 'p(delete) ' + item.pDelete.toFixed(2);
            $('why').textContent = item.reasons.length ? '(' + item.reasons.join(', ') + ')' : '';
            if (photoChanged || $('photo').getAttribute('data-id') !== String(item.id)) { showPhoto(item.id); }
          }
          function showPhoto(id) {
            var stage = $('stage'), dpr = window.devicePixelRatio || 1, mine = ++seq;
            var w = Math.max(1, Math.min({{MaxSide}}, Math.round(stage.clientWidth * dpr))), h = Math.max(1, Math.min({{MaxSide}}, Math.round(stage.clientHeight * dpr)));
            $('photo').setAttribute('data-id', id);
            fetch('/api/photo/' + id + '?w=' + w + '&h=' + h, { headers: { 'X-PhotoPrefs-Token': token } }).then(function (r) {
              if (!r.ok) { return r.text().then(function (t) { throw new Error(r.status + ' ' + t); }); }
              return r.blob();
            }).then(function (b) {
              if (mine !== seq) { return; }
              var old = shownUrl;
              shownUrl = URL.createObjectURL(b);
              $('photo').onload = function () { if (old) { URL.revokeObjectURL(old); } };
              $('photo').src = shownUrl;
            }).catch(function (e) { if (mine === seq) { status('could not show the photo: ' + e.message, true); } });
          }
          function load(keepShown) {
            var mine = epoch;
            return api('GET', '/api/review').then(function (s) { if (mine === epoch) { apply(s, keepShown); } })
              .catch(function (e) { status('could not load the review: ' + e.message, true); });
          }
          function answer(value) {
            if (busy || !queue.length) { return; }
            busy = true; epoch++;
            var item = queue[0];
            status('saving…');
            api('POST', '/api/review/answer', { photoId: item.id, label: value }).then(function (s) {
              status('saved: ' + item.file + ' → ' + value);
              queue = [];
              apply(s, false);
            }).catch(function (e) { status('not saved: ' + e.message, true); }).finally(function () { busy = false; });
          }
          function undo() {
            if (busy) { return; }
            busy = true; epoch++;
            api('POST', '/api/review/undo').then(function (r) {
              status(r.undone === null ? 'nothing to undo' : 'undone');
              queue = [];
              apply(r.state, false);
            }).catch(function (e) { status('undo failed: ' + e.message, true); }).finally(function () { busy = false; });
          }
          function poll() {
            if (busy) { return; }
            var mine = epoch;
            api('GET', '/api/review/status').then(function (s) {
              if (mine !== epoch || busy) { return; }
              if (s.version !== version) { return load(true); }
              remaining = s.remaining;
              renderState(s);
            }).catch(function (e) { status('lost the server: ' + e.message, true); });
          }
          $('keep').onclick = function () { answer('keep'); };
          $('delete').onclick = function () { answer('delete'); };
          $('undo').onclick = undo;
          document.addEventListener('keydown', function (e) {
            if (e.ctrlKey || e.metaKey || e.altKey) { return; }
            var k = e.key.toLowerCase();
            if (k === 'k') { answer('keep'); } else if (k === 'd') { answer('delete'); } else if (k === 'u' || k === 'backspace') { e.preventDefault(); undo(); }
          });
          load(false).then(function () { setInterval(poll, 1000); });
        })();
        </script>
        </body>
        </html>
        """;
}
