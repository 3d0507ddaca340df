using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Labeling;
using PhotoPrefs.Pipeline;
using PhotoPrefs.Store;

namespace PhotoPrefs.Web.Labeling;

/// <summary>
/// The labeling page: a small web server bound to 127.0.0.1 on a free port, for one workspace and one user
/// profile. Every request needs the session's random token (query <c>token</c> or header
/// <c>X-PhotoPrefs-Token</c>): none is refused with 401, a wrong one with 403. Photos are asked for by id:
/// <c>/photo/{id}</c> serves the stored thumbnail, and <c>/api/photo/{id}?w=W&amp;h=H</c> the original from the album
/// folder the import recorded, decoded read-only and fitted to W x H (<see cref="PhotoViews"/>), or the thumbnail
/// with a note (header <c>X-PhotoPrefs-Note</c>, URI-escaped) when the original cannot be had; no request path reaches
/// the file system. Each Keep/Delete/Undo is committed to SQLite
/// before the response is sent, so a killed server loses nothing that the page showed as saved.
/// Started with <see cref="StartReviewAsync"/>, the page is the review of the user's suggestions (<see cref="ReviewSession"/>):
/// <c>GET /api/review</c> gives the queue and the live precision, <c>GET /api/review/status</c> the same without the queue (the
/// page polls it and reloads the queue when <c>version</c> goes up after a background retrain), <c>POST /api/review/answer</c>
/// stores an answer as a label and <c>POST /api/review/undo</c> takes the latest one back.
/// </summary>
public sealed class LabelingServer : IAsyncDisposable
{
    private const int MaxBodyBytes = 4096;
    private readonly WebApplication _app;
    private readonly Workspace _workspace;
    private readonly byte[] _token;

    private LabelingServer(WebApplication app, Workspace workspace, string user, string token, Uri url, ReviewSession? review)
    {
        Review = review;
        _app = app;
        _workspace = workspace;
        User = user;
        Token = token;
        _token = Encoding.UTF8.GetBytes(token);
        Url = url;
    }

    /// <summary>The user whose labels are written.</summary>
    public string User { get; }

    /// <summary>The review the page walks, or null for the labeling page.</summary>
    public ReviewSession? Review { get; }

    /// <summary>The session token.</summary>
    public string Token { get; }

    /// <summary>The page's address, token included: <c>http://127.0.0.1:PORT/?token=…</c>.</summary>
    public Uri Url { get; }

    /// <summary>
    /// The page inline, for a notebook cell's output (<c>display(HTML(server.InlineHtml()))</c>): the labeling page
    /// in an iframe, and a link that opens it in a tab. The server runs in the kernel's process, on loopback, so
    /// the browser that shows the notebook must run on the same machine.
    /// </summary>
    /// <param name="height">The frame's height in CSS pixels.</param>
    /// <returns>The HTML.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> is not positive.</exception>
    public string InlineHtml(int height = 760)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var url = WebUtility.HtmlEncode(Url.ToString());
        return $"<p>Labeling as <b>{WebUtility.HtmlEncode(User)}</b>: every click is saved at once. <a href=\"{url}\" target=\"_blank\" rel=\"noopener\">Open the page in a tab</a>.</p>"
            + $"<iframe class=\"pp-labeling\" title=\"labeling\" src=\"{url}\" style=\"width:100%;height:{height.ToString(System.Globalization.CultureInfo.InvariantCulture)}px;border:1px solid #ccc\"></iframe>";
    }

    /// <summary>Starts serving.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="user">The user profile (created when missing).</param>
    /// <param name="port">Port on 127.0.0.1; 0 for a free one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="PhotoPrefsException">Invalid user, or the port is taken.</exception>
    public static Task<LabelingServer> StartAsync(Workspace workspace, string user, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        LabelStore.EnsureUser(workspace, LabelStore.ValidateUser(user));
        return StartCoreAsync(workspace, user, port, null, cancellationToken);
    }

    /// <summary>
    /// Starts serving the review page: the user's current suggestions, highest p(delete) first, each answer stored as a label
    /// (source <see cref="ReviewSession.Source"/>) before the response, the model retrained in the background
    /// (<see cref="Album.Review"/>; a user without a model gets one trained first, before this returns, when the labels allow).
    /// </summary>
    /// <param name="workspace">The workspace (features computed).</param>
    /// <param name="user">The user profile.</param>
    /// <param name="options">Settings of the review; defaults when null.</param>
    /// <param name="port">Port on 127.0.0.1; 0 for a free one.</param>
    /// <param name="cancellationToken">Cancels the start (and the first training).</param>
    /// <returns>The running server; <see cref="Review"/> is its session.</returns>
    /// <exception cref="PhotoPrefsException">Invalid user or setting, no model and too few labels to train one, or the port is taken.</exception>
    public static async Task<LabelingServer> StartReviewAsync(Workspace workspace, string user, ReviewOptions? options = null, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        LabelStore.EnsureUser(workspace, LabelStore.ValidateUser(user));
        var review = Album.Of(workspace).Review(user, options, cancellationToken);
        try
        {
            return await StartCoreAsync(workspace, user, port, review, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            review.Dispose();
            throw;
        }
    }

    private static async Task<LabelingServer> StartCoreAsync(Workspace workspace, string user, int port, ReviewSession? review, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        LabelingServer? server = null;
        app.Use(async (ctx, next) =>
        {
            ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
            ctx.Response.Headers["Cache-Control"] = "no-store";
            ctx.Response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' blob:; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'";
            if (ctx.Request.Path == "/favicon.ico")
            {
                // Browsers ask for it without the token; there is none.
                ctx.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            var s = server!;
            var given = ctx.Request.Headers["X-PhotoPrefs-Token"].FirstOrDefault() ?? ctx.Request.Query["token"].FirstOrDefault();
            if (string.IsNullOrEmpty(given))
            {
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await ctx.Response.WriteAsync("token required: open the address that 'photoprefs label' printed");
                return;
            }

            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), s._token))
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                await ctx.Response.WriteAsync("wrong token");
                return;
            }

            await next(ctx);
        });
        app.MapGet("/", () => Results.Content(review is null ? LabelingPage.Html : ReviewPage.Html, "text/html; charset=utf-8"));
        app.MapGet("/api/review", () => server!.ReviewState(withQueue: true));
        app.MapGet("/api/review/status", () => server!.ReviewState(withQueue: false));
        app.MapPost("/api/review/answer", (Delegate)((HttpContext ctx) => server!.AnswerAsync(ctx)));
        app.MapPost("/api/review/undo", () => server!.ReviewUndo());
        app.MapGet("/api/queue", () => Results.Json(new { user = server!.User, items = server.Queue() }));
        app.MapGet("/photo/{id}", (string id) => server!.Photo(id));
        app.MapGet("/api/photo/{id}", (string id, HttpContext ctx) => server!.View(id, ctx));
        app.MapPost("/api/label", (Delegate)((HttpContext ctx) => server!.LabelAsync(ctx)));
        app.MapPost("/api/undo", () => server!.Undo());
        app.MapGet("/api/similar/{id}", (string id) => server!.Similar(id));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new PhotoPrefsException($"cannot listen on 127.0.0.1:{port}: {e.Message}", e);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var actual = new Uri(address).Port;
        server = new LabelingServer(app, workspace, user, token, new Uri($"http://127.0.0.1:{actual}/?token={token}"), review);
        return server;
    }

    /// <summary>
    /// The photos in labeling order: the latest clustering's representatives first, then, when the user has a
    /// model, the unlabeled photos it is least sure about (p(delete) nearest 0.5), then the rest of the album.
    /// </summary>
    /// <returns>The queue.</returns>
    public IReadOnlyList<QueueItem> Queue() => LabelingOrder.Build(_workspace, User);

    /// <summary>Stops serving (labels are already on disk).</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Review?.Dispose();
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops the server.</param>
    /// <returns>A task.</returns>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, both.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The host stopped by itself.
        }
    }

    private IResult Photo(string id)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var photoId))
        {
            return Results.BadRequest("photo ids are numbers");
        }

        return ThumbnailStore.GetImported(_workspace, photoId, ThumbnailKinds.Thumb) is { } jpeg
            ? Results.Bytes(jpeg, "image/jpeg")
            : Results.NotFound();
    }

    /// <summary>The photo fitted to the size the page asks for, from the original when it can be had (<see cref="PhotoViews"/>).</summary>
    private IResult View(string id, HttpContext ctx)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var photoId))
        {
            return Results.BadRequest("photo ids are numbers");
        }

        if (!TrySide(ctx.Request.Query["w"], out int width) || !TrySide(ctx.Request.Query["h"], out int height))
        {
            return Results.BadRequest($"w and h must be whole numbers from 1 to {PhotoViews.MaxSide}");
        }

        if (PhotoViews.Render(_workspace, photoId, width, height) is not { } view)
        {
            return Results.NotFound();
        }

        var headers = ctx.Response.Headers;
        headers["X-PhotoPrefs-Source"] = view.FromOriginal ? "original" : "thumbnail";
        if (view.OriginalWidth is { } w && view.OriginalHeight is { } h)
        {
            headers["X-PhotoPrefs-Original-Size"] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{w}x{h}");
        }

        if (view.Note is { } note)
        {
            // Escaped: a header carries ASCII only, and the note may name a folder.
            headers["X-PhotoPrefs-Note"] = Uri.EscapeDataString(note);
        }

        return Results.Bytes(view.Jpeg, "image/jpeg");
    }

    private static bool TrySide(Microsoft.Extensions.Primitives.StringValues values, out int side)
    {
        side = 0;
        return values.Count == 1
            && int.TryParse(values[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out side)
            && side is >= 1 and <= PhotoViews.MaxSide;
    }

    /// <summary>The photos most like one of the album's, by embedding (<see cref="SimilarPhotos"/>), for the page's Similar button.</summary>
    private IResult Similar(string id)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var photoId))
        {
            return Results.BadRequest("photo ids are numbers");
        }

        if (FeatureStore.GetEmbedding(_workspace, photoId) is not { } query)
        {
            return Results.Json(new { items = Array.Empty<object>(), message = "no embeddings yet: run 'photoprefs features' to find similar photos" });
        }

        var items = SimilarPhotos.Find(_workspace, query, SimilarShown, exclude: photoId).Select(p => new { id = p.PhotoId, file = p.Path, similarity = Math.Round(p.Similarity, 3) });
        return Results.Json(new { items, message = (string?)null });
    }

    /// <summary>How many similar photos the page shows.</summary>
    private const int SimilarShown = 8;

    private async Task<IResult> LabelAsync(HttpContext ctx)
    {
        var (body, invalid) = await ReadLabelAsync(ctx).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        try
        {
            LabelStore.Set(_workspace, User, body.PhotoId, LabelStore.Parse(body.Label), "widget");
        }
        catch (PhotoPrefsException)
        {
            return Results.NotFound("no such photo");
        }

        return Results.Json(new { saved = true, photoId = body.PhotoId, label = body.Label, labeled = LabelStore.Get(_workspace, User).Count });
    }

    // The body of a Keep/Delete: the request, or the response that refuses it.
    private static async Task<(LabelRequest Body, IResult? Invalid)> ReadLabelAsync(HttpContext ctx)
    {
        LabelRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<LabelRequest>(ctx.Request.Body, JsonOptions, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException)
        {
            return (null!, Results.BadRequest("expected {\"photoId\": number, \"label\": \"keep\" | \"delete\"}"));
        }

        return body is null || body.Label is not ("keep" or "delete")
            ? (null!, Results.BadRequest("label must be 'keep' or 'delete'"))
            : (body, null);
    }

    private IResult Undo()
    {
        var id = LabelStore.Undo(_workspace, User);
        return Results.Json(new { undone = id, labeled = LabelStore.Get(_workspace, User).Count });
    }

    /// <summary>Suggestions of the review sent with each state; the page shows the first and a few after it.</summary>
    private const int ReviewItemsSent = 100;

    private IResult ReviewState(bool withQueue) => Review is { } review
        ? Results.Json(ReviewJson(review.State(), withQueue))
        : NotReviewing();

    private static IResult NotReviewing() => Results.NotFound("this page is not a review: start it with 'photoprefs label --review'");

    private static object ReviewJson(ReviewState s, bool withQueue) => new
    {
        user = s.User,
        version = s.Version,
        remaining = s.Queue.Count,
        items = withQueue ? s.Queue.Take(ReviewItemsSent).Select(i => new { id = i.Id, file = i.File, pDelete = Math.Round(i.PDelete, 4), reasons = i.Reasons }) : null,
        model = new { id = s.ModelId, labels = s.ModelLabels },
        precision = new { confirmed = s.Confirmed, reviewed = s.Reviewed, window = s.Window },
        pending = s.Pending,
        retrainEvery = s.RetrainEvery,
        training = s.Training,
        error = s.Error,
    };

    private async Task<IResult> AnswerAsync(HttpContext ctx)
    {
        if (Review is not { } review)
        {
            return NotReviewing();
        }

        var (body, invalid) = await ReadLabelAsync(ctx).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        try
        {
            return Results.Json(ReviewJson(review.Answer(body.PhotoId, LabelStore.Parse(body.Label)), withQueue: true));
        }
        catch (PhotoPrefsException)
        {
            return Results.NotFound("no such photo");
        }
    }

    private IResult ReviewUndo()
    {
        if (Review is not { } review)
        {
            return NotReviewing();
        }

        var (undone, state) = review.Undo();
        return Results.Json(new { undone, state = ReviewJson(state, withQueue: true) });
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record LabelRequest(long PhotoId, string? Label);
}
