using PacketGuide.DhcpTestClient;

var options = ClientOptions.Parse(args, out var error);
if (options is null)
{
    if (!string.IsNullOrEmpty(error))
    {
        await Console.Error.WriteLineAsync($"pguide-dhcp-client: {error}");
    }

    await Console.Error.WriteLineAsync(ClientOptions.Usage);
    return string.IsNullOrEmpty(error) && args.Length > 0 ? 0 : 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var scenario = new StandardScenario(options, Console.Error);
DhcpClientCounters counters;
try
{
    counters = options.Scenario switch
    {
        "dora" => await scenario.RunDoraOnlyAsync(cancellation.Token),
        "release" => await scenario.RunReleaseAsync(cancellation.Token),
        _ => await scenario.RunAsync(cancellation.Token),
    };
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("pguide-dhcp-client: cancelled");
    return 130;
}
catch (System.Net.Sockets.SocketException e)
{
    await Console.Error.WriteLineAsync($"pguide-dhcp-client: socket error: {e.Message}");
    return 1;
}

if (options.OutputPath is null)
{
    using var stdout = Console.OpenStandardOutput();
    counters.WriteJson(stdout);
}
else
{
    using var file = File.Create(options.OutputPath);
    counters.WriteJson(file);
}

await Console.Error.WriteLineAsync(
    $"pguide-dhcp-client: {options.Scenario}: discover={counters.Discover} offer={counters.Offer} request={counters.Request} " +
    $"ack={counters.Ack} nak={counters.Nak} release={counters.Release} decline={counters.Decline} inform={counters.Inform} " +
    $"allocationFailed={counters.AllocationFailed} clients={counters.Clients}");
return 0;
