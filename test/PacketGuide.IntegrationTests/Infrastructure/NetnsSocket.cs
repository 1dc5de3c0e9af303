using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// TCP sockets that belong to a network namespace, for talking in-process to a server that listens on 127.0.0.1 inside
/// it. A socket belongs to the namespace of the thread that creates it: a fresh thread enters the namespace (setns),
/// creates the socket, and goes back before it ends. Connecting then works from any thread.
/// </summary>
public static class NetnsSocket
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>A <c>ConnectCallback</c> for SocketsHttpHandler that connects to IP literals inside <paramref name="namespaceName"/>.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectIn(string namespaceName) =>
        async (context, cancellationToken) =>
        {
            // IP literals only: no name is ever resolved.
            var address = IPAddress.Parse(context.DnsEndPoint.Host);
            var socket = Create(namespaceName, address.AddressFamily);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

    public static Socket Create(string namespaceName, AddressFamily family)
    {
        Socket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var home = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle(Path.Combine("/var/run/netns", namespaceName));
                if (SetNs((int)target.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns into {namespaceName} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                try
                {
                    socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
                }
                finally
                {
                    if (SetNs((int)home.DangerousGetHandle(), CloneNewNet) != 0)
                    {
                        Environment.FailFast("could not return a thread to its network namespace");
                    }
                }
            }
            catch (Exception ex)
            {
                error = ex;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"No socket in namespace {namespaceName}.", error);
    }

    // DllImport rather than LibraryImport: blittable arguments, and the project does not allow unsafe code.
    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054
    private static extern int SetNs(int fd, int nstype);
#pragma warning restore SYSLIB1054
}
