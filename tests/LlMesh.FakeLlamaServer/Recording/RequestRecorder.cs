namespace LlMesh.FakeLlamaServer.Recording;

/// <summary>
/// Keeps the latest version of every recorded request and wakes the waiters whose predicate a new version satisfies.
/// </summary>
internal sealed class RequestRecorder
{
    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<RequestWaiter> _waiters = [];

    public RecordedRequest Add(Func<int, RecordedRequest> create)
    {
        lock (_lock)
        {
            var request = create(_requests.Count + 1);
            _requests.Add(request);
            Notify(request);
            return request;
        }
    }

    public RecordedRequest Update(int id, Func<RecordedRequest, RecordedRequest> change)
    {
        lock (_lock)
        {
            var current = _requests[id - 1];
            var next = change(current);
            if (!ReferenceEquals(next, current))
            {
                _requests[id - 1] = next;
                Notify(next);
            }

            return next;
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_lock)
        {
            return [.. _requests];
        }
    }

    public async Task<RecordedRequest> WaitAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout)
    {
        var waiter = new RequestWaiter(predicate);
        lock (_lock)
        {
            foreach (var request in _requests)
            {
                if (predicate(request))
                {
                    return request;
                }
            }

            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                _waiters.Remove(waiter);
            }

            throw new TimeoutException($"No recorded request matched the predicate within {timeout}.");
        }
    }

    private void Notify(RecordedRequest request)
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].TryComplete(request))
            {
                _waiters.RemoveAt(i);
            }
        }
    }

    private sealed class RequestWaiter(Func<RecordedRequest, bool> predicate)
    {
        private readonly TaskCompletionSource<RecordedRequest> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<RecordedRequest> Task => _completion.Task;

        /// <summary>Completes the waiter if the request matches; a throwing predicate faults the waiter, not the server.</summary>
        public bool TryComplete(RecordedRequest request)
        {
            try
            {
                return predicate(request) && _completion.TrySetResult(request);
            }
            catch (Exception exception)
            {
                return _completion.TrySetException(exception);
            }
        }
    }
}
