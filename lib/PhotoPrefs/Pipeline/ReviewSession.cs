using PhotoPrefs.Store;
using PhotoPrefs.Suggestions;

namespace PhotoPrefs.Pipeline;

/// <summary>
/// A person goes through a user's current suggestions, highest p(delete) first, and answers keep or delete on each.
/// Every answer is committed to the label store as an ordinary label (source <see cref="Source"/>) before the call
/// returns. Once <see cref="ReviewOptions.RetrainEvery"/> answers arrived since the latest training began, the model is
/// retrained in the background (one training at a time; answers are never held up by it), and when it is stored the
/// queue is rebuilt from the new model's suggestions, in its p(delete) order, and <see cref="ReviewState.Version"/> goes up.
/// Thread-safe. Disposing stops a running retrain between two steps (its checkpoints stay; no model is stored).
/// </summary>
public sealed class ReviewSession : IDisposable
{
    /// <summary>The source recorded with each review answer in the label store.</summary>
    public const string Source = "review";

    private readonly Album _album;
    private readonly ReviewOptions _options;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<long> _answered = [];
    private List<ReviewItem> _queue;
    private Dictionary<long, ReviewItem> _built;
    private long _modelId;
    private int _modelLabels;
    private int _version;
    private int _pending;
    private Task? _retrain;
    private string? _error;
    private bool _disposed;

    private ReviewSession(Album album, string user, ReviewOptions options, Queue built, bool trainedFirst)
    {
        _album = album;
        User = user;
        _options = options;
        _queue = [.. built.Items];
        _built = built.Items.ToDictionary(i => i.Id);
        _modelId = built.ModelId;
        _modelLabels = built.ModelLabels;
        TrainedFirst = trainedFirst;
    }

    /// <summary>The user whose labels are written.</summary>
    public string User { get; }

    /// <summary>Whether the session had to train the user's first model before it could begin.</summary>
    public bool TrainedFirst { get; }

    /// <summary>
    /// Begins a review: the queue is the photos the user has not labeled whose p(delete) under the latest model is at or
    /// above the cut (<see cref="ReviewOptions.Cut"/>), highest first (<see cref="Album.Suggest(string, SuggestOptions)"/>).
    /// A user without a model gets one trained first (<see cref="Album.Train"/> with <see cref="ReviewOptions.Training"/>) when
    /// their labels hold both classes.
    /// </summary>
    /// <param name="album">The album (features computed; <see cref="Album.Train"/> computes the embeddings it lacks).</param>
    /// <param name="user">The user profile.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="cancellationToken">Stops the first training.</param>
    /// <returns>The session.</returns>
    /// <exception cref="PhotoPrefsException">An invalid user or setting, or no model and too few labels to train one.</exception>
    public static ReviewSession Start(Album album, string user, ReviewOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(album);
        LabelStore.ValidateUser(user);
        options ??= new ReviewOptions();
        if (options.RetrainEvery < 1)
        {
            throw new PhotoPrefsException($"retrain-every must be at least 1, not {options.RetrainEvery}");
        }

        if (options.Window < 1)
        {
            throw new PhotoPrefsException($"the precision window must be at least 1, not {options.Window}");
        }

        options.Cut?.Validate();
        // Training progress is not reported: the session's owner may be serving a page on the console.
        var quiet = Album.Of(album.Workspace);
        bool trained = false;
        if (quiet.Model(user) is null)
        {
            var labels = quiet.Labels(user);
            int deletes = labels.Values.Count(l => l == PhotoLabel.Delete);
            if (deletes == 0 || deletes == labels.Count)
            {
                throw new PhotoPrefsException($"no model for user '{user}' yet, and too few labels to train one ({labels.Count} labels, {deletes} delete): label at least one keep and one delete ('photoprefs label' or 'photoprefs labels import') and review again");
            }

            quiet.Train(user, options.Training, null, cancellationToken);
            trained = true;
        }

        return new ReviewSession(quiet, user, options, Build(quiet, user, options.Cut), trained);
    }

    /// <summary>Where the session stands: the queue, the model it is ordered by, the live precision, the retrain.</summary>
    /// <returns>A snapshot.</returns>
    public ReviewState State()
    {
        var recent = LabelStore.Recent(_album.Workspace, User, Source, _options.Window);
        lock (_gate)
        {
            return new ReviewState(User, _version, [.. _queue], _modelId, _modelLabels, recent.Count(l => l == PhotoLabel.Delete), recent.Count,
                _options.Window, _pending, _options.RetrainEvery, _retrain is not null, _error);
        }
    }

    /// <summary>
    /// Stores an answer as the user's label of the photo (committed before it returns), takes the photo out of the queue,
    /// and starts a background retrain when <see cref="ReviewOptions.RetrainEvery"/> answers arrived since the latest
    /// training began and none is running.
    /// </summary>
    /// <param name="photoId">The photo (usually the queue's first; any photo of the workspace is accepted).</param>
    /// <param name="label">Keep or delete.</param>
    /// <returns>The state after the answer.</returns>
    /// <exception cref="PhotoPrefsException">No such photo.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public ReviewState Answer(long photoId, PhotoLabel label)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        LabelStore.Set(_album.Workspace, User, photoId, label, Source);
        lock (_gate)
        {
            _queue.RemoveAll(i => i.Id == photoId);
            _answered.Add(photoId);
            _pending++;
            MaybeRetrain();
        }

        return State();
    }

    /// <summary>
    /// Undoes the user's latest label change (<see cref="LabelStore.Undo"/>); a suggestion that is unlabeled again goes
    /// back to the front of the queue.
    /// </summary>
    /// <returns>The photo whose label was restored (null when there was nothing to undo), and the state after it.</returns>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public (long? Undone, ReviewState State) Undo()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var undone = LabelStore.Undo(_album.Workspace, User);
        if (undone is { } id)
        {
            bool unlabeled = !LabelStore.Get(_album.Workspace, User).ContainsKey(id);
            lock (_gate)
            {
                _answered.Remove(id);
                if (unlabeled && _built.TryGetValue(id, out var item) && !_queue.Exists(i => i.Id == id))
                {
                    _queue.Insert(0, item);
                }
            }
        }

        return (undone, State());
    }

    /// <summary>Waits for the background retrain running now, if any (its outcome is in <see cref="State"/>).</summary>
    /// <returns>A task.</returns>
    public Task RetrainingAsync()
    {
        lock (_gate)
        {
            return _retrain ?? Task.CompletedTask;
        }
    }

    /// <summary>Stops a running retrain between two steps and waits for it; answers are already stored.</summary>
    public void Dispose()
    {
        Task? running;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            running = _retrain;
        }

        _stop.Cancel();
        running?.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
        _stop.Dispose();
    }

    // Under _gate.
    private void MaybeRetrain()
    {
        if (_retrain is null && !_disposed && _pending >= _options.RetrainEvery)
        {
            _pending = 0;
            _retrain = Task.Run(Retrain);
        }
    }

    private void Retrain()
    {
        try
        {
            _album.Train(User, _options.Training, null, _stop.Token);
            var built = Build(_album, User, _options.Cut);
            lock (_gate)
            {
                // Answers given while the new queue was being built are left out of it.
                _queue = [.. built.Items.Where(i => !_answered.Contains(i.Id))];
                _built = built.Items.ToDictionary(i => i.Id);
                _modelId = built.ModelId;
                _modelLabels = built.ModelLabels;
                _version++;
                _error = null;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the answers are stored; the next training starts from them.
        }
        catch (Exception e) when (e is PhotoPrefsException or IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            lock (_gate)
            {
                _error = $"retraining failed, the queue keeps the model before: {e.Message}";
            }
        }
        finally
        {
            lock (_gate)
            {
                _retrain = null;
                MaybeRetrain();
            }
        }
    }

    private sealed record Queue(IReadOnlyList<ReviewItem> Items, long ModelId, int ModelLabels);

    private static Queue Build(Album album, string user, SuggestOptions? cut)
    {
        var model = album.Model(user) ?? throw new PhotoPrefsException($"no model for user '{user}': train one first");
        var labels = album.Labels(user);
        var items = album.Suggest(user, cut ?? new SuggestOptions()).Where(s => !labels.ContainsKey(s.PhotoId))
            .Select(s => new ReviewItem(s.PhotoId, s.File, s.PDelete, s.Reasons)).ToList();
        return new Queue(items, model.Id, model.Labels);
    }
}
