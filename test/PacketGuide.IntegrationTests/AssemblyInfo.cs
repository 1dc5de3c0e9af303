// The tests start real servers and compare what a client saw with what a server logged; replies that arrive late on a
// busy 2-core machine would change what the client counts. Run them one at a time.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]

// Network namespaces, veth pairs, Kea and ISC dhcpd: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
