namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// Undo actions registered as a test sets things up, run in reverse order when the test class is disposed, whether the
/// test passed, failed or was cancelled. Every action runs even if an earlier one throws; failures are rethrown together
/// so a leak is reported rather than hidden.
/// </summary>
public sealed class AsyncCleanup : IAsyncDisposable
{
    private readonly Stack<(string Description, Func<ValueTask> Action)> _actions = new();

    public void Add(string description, Func<ValueTask> action) => _actions.Push((description, action));

    /// <summary>Registers <paramref name="resource"/> for disposal and returns it.</summary>
    public T Add<T>(string description, T resource)
        where T : IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(resource);
        _actions.Push((description, resource.DisposeAsync));
        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        while (_actions.TryPop(out var entry))
        {
            try
            {
                await entry.Action();
            }
            catch (Exception e)
            {
                failures.Add(new InvalidOperationException($"Cleanup step '{entry.Description}' failed: {e.Message}", e));
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("Test cleanup failed.", failures);
        }
    }
}
