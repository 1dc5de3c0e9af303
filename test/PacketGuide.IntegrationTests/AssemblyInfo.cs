// The tests start real servers and measure what a client saw against what a server logged; replies that arrive late
// on a busy 2-core machine would change what the client counts. Run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
