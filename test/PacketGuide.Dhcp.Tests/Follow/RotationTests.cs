using PacketGuide.Dhcp.Follow;

namespace PacketGuide.Dhcp.Tests.Follow;

/// <summary>Every rotation style operators use: nothing lost, nothing delivered twice, in order.</summary>
public sealed class RotationTests
{
    [Fact]
    public async Task Rename_and_create_with_a_glob_that_matches_the_rotated_name()
    {
        var dir = TestData.TempDirectory("rename-glob");
        var log = Path.Combine(dir, "dhcpd.log");
        await using var tail = new TailHarness(new FollowOptions { Patterns = [log + "*"], FromStart = true });
        await Append(log, 0, 100);
        await tail.WaitForAsync(50);

        // Lines right up to the rename, then more into the renamed file (the daemon has not reopened yet).
        await Append(log, 100, 100);
        File.Move(log, log + ".1");
        await Append(log + ".1", 200, 50);
        await Append(log, 250, 100);

        await tail.WaitForAsync(350);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal(DhcpdLines.Hosts(0, 350).Order(), tail.Hosts.Order());
    }

    [Fact]
    public async Task Rename_and_create_with_only_the_live_name_reads_the_old_file_to_its_end()
    {
        var dir = TestData.TempDirectory("rename-live");
        var log = Path.Combine(dir, "dhcpd.log");
        await using var tail = new TailHarness(new FollowOptions { Patterns = [log], FromStart = true });
        await Append(log, 0, 100);
        await tail.WaitForAsync(100);

        File.Move(log, Path.Combine(dir, "old.log"));
        await Append(Path.Combine(dir, "old.log"), 100, 20);
        await Append(log, 120, 30);

        await tail.WaitForAsync(150);
        Assert.Equal(DhcpdLines.Hosts(0, 150).Order(), tail.Hosts.Order());
    }

    [Theory]
    [InlineData(0)] // truncated before the follower sees the copy
    [InlineData(300)] // the follower sees the copy while the original is still growing
    public async Task Copytruncate_reads_the_copy_only_past_what_was_read_from_the_original(int msBeforeTruncate)
    {
        var dir = TestData.TempDirectory("copytruncate");
        var log = Path.Combine(dir, "dhcpd.log");
        await using var tail = new TailHarness(new FollowOptions { Patterns = [log + "*"], FromStart = true });
        await using var writer = new AppendingWriter(log);
        await writer.WriteAsync(DhcpdLines.Lines(0, 100));
        await tail.WaitForAsync(100);

        // Written right up to the copy: some of these lines reach the follower only through the copy.
        await writer.WriteAsync(DhcpdLines.Lines(100, 500));
        File.Copy(log, log + ".1");
        if (msBeforeTruncate > 0)
        {
            // logrotate would lose lines written now; here the follower has time to read them from the original.
            await Task.Delay(msBeforeTruncate, TestContext.Current.CancellationToken);
            await writer.WriteAsync(DhcpdLines.Lines(600, 50));
            await Task.Delay(msBeforeTruncate, TestContext.Current.CancellationToken);
        }

        writer.Truncate();
        await writer.WriteAsync(DhcpdLines.Lines(700, 100));

        var expected = DhcpdLines.Hosts(0, 600).Concat(DhcpdLines.Hosts(msBeforeTruncate > 0 ? 600 : 700, msBeforeTruncate > 0 ? 50 : 0))
            .Concat(DhcpdLines.Hosts(700, 100)).ToList();
        await tail.WaitForAsync(expected.Count);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(expected.Order(), tail.Hosts.Order());
    }

    [Fact]
    public async Task Delete_and_recreate_and_a_file_that_shrinks()
    {
        var dir = TestData.TempDirectory("recreate");
        var log = Path.Combine(dir, "dhcpd.log");
        await using var tail = new TailHarness(new FollowOptions { Patterns = [log], FromStart = true });
        await Append(log, 0, 50);
        await tail.WaitForAsync(50);

        File.Delete(log);
        await Append(log, 50, 50);
        await tail.WaitForAsync(100);

        // Shrinks: replaced in place by shorter content.
        await File.WriteAllBytesAsync(log, DhcpdLines.Lines(100, 5), TestContext.Current.CancellationToken);
        await tail.WaitForAsync(105);
        Assert.Equal(DhcpdLines.Hosts(0, 105).Order(), tail.Hosts.Order());
    }

    [Fact]
    public async Task A_partial_last_line_is_delivered_once_it_is_complete()
    {
        var dir = TestData.TempDirectory("partial");
        var log = Path.Combine(dir, "dhcpd.log");
        await using var tail = new TailHarness(new FollowOptions { Patterns = [log], FromStart = true });
        await using var writer = new AppendingWriter(log);
        var line = DhcpdLines.Lines(1, 1);
        await writer.WriteAsync(DhcpdLines.Lines(0, 1));
        await writer.WriteAsync(line.AsMemory(0, 30).ToArray());
        await tail.WaitForAsync(1);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Single(tail.Delivered);

        await writer.WriteAsync(line.AsMemory(30).ToArray());
        await tail.WaitForAsync(2);
        Assert.Equal(["h0", "h1"], tail.Hosts);
    }

    [Fact]
    public async Task Without_from_start_only_new_lines_are_read()
    {
        var dir = TestData.TempDirectory("from-end");
        var log = Path.Combine(dir, "dhcpd.log");
        await Append(log, 0, 10);
        await using var tail = new TailHarness(new FollowOptions { Patterns = [log] });
        await Task.Delay(200, TestContext.Current.CancellationToken);
        await Append(log, 10, 5);

        await tail.WaitForAsync(5);
        Assert.Equal(DhcpdLines.Hosts(10, 5), tail.Hosts);
    }

    [Fact]
    public async Task A_restart_with_a_state_directory_resumes_where_delivery_stopped()
    {
        var dir = TestData.TempDirectory("restart");
        var log = Path.Combine(dir, "dhcpd.log");
        var options = new FollowOptions { Patterns = [log + "*"], StateDirectory = Path.Combine(dir, "state") };
        await Append(log, 0, 10);
        var first = new TailHarness(options);
        await Task.Delay(300, TestContext.Current.CancellationToken); // first run without state: starts at the end
        await Append(log, 10, 10);
        await first.WaitForAsync(10);
        await first.StopAsync();

        // While stopped: more lines, then a rotation by rename and more lines in the new file.
        await Append(log, 20, 10);
        File.Move(log, log + ".1");
        await Append(log, 30, 10);

        await using var second = new TailHarness(options);
        await second.WaitForAsync(20);
        Assert.Equal(DhcpdLines.Hosts(10, 10), first.Hosts);
        Assert.Equal(DhcpdLines.Hosts(20, 20).Order(), second.Hosts.Order());
        Assert.Equal(second.Delivered.Select(e => e.Id).Distinct().Count(), second.Delivered.Count);
    }

    [Fact]
    public async Task A_corrupt_state_file_is_a_clear_error()
    {
        var dir = TestData.TempDirectory("bad-state");
        Directory.CreateDirectory(Path.Combine(dir, "state"));
        await File.WriteAllTextAsync(Path.Combine(dir, "state", CheckpointStore.FileName), "{\"files\": [ {\"device\": \"x\"", TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<DhcpFollowException>(() => new DhcpTail(TimeProvider.System).RunAsync(
            new FollowOptions { Patterns = [Path.Combine(dir, "*.log")], StateDirectory = Path.Combine(dir, "state") },
            (_, _) => ValueTask.CompletedTask, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains(CheckpointStore.FileName, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Move it away", ex.Message, StringComparison.Ordinal);
    }

    private static async Task Append(string path, int from, int count)
    {
        await using var writer = new AppendingWriter(path);
        await writer.WriteAsync(DhcpdLines.Lines(from, count));
    }
}
