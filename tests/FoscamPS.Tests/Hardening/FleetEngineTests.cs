using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Hardening;

/// <summary>
/// The engine's hand-over to the pipeline thread: one event per camera operation carries all its outputs (in order,
/// never interleaved with another camera's), and the coalesced wake-up loses nothing however the producers race the
/// waiter. No network: the operations are plain delegates.
/// </summary>
public class FleetEngineTests
{
    private static CamSession Session(int i) => new($"cam{i}", CamAddress.Parse($"192.0.2.{1 + (i % 250)}:{1000 + i}"), null);

    /// <summary>Drains the way CamFleetCmdlet.WaitAndDrain does.</summary>
    private static List<FleetEvent> WaitAndDrain(FleetEngine engine)
    {
        var events = new List<FleetEvent>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!engine.IsIdle && DateTime.UtcNow < deadline)
        {
            engine.WaitForActivity(TimeSpan.FromMilliseconds(100));
            while (engine.TryDequeue(out var e)) events.Add(e!);
        }
        while (engine.TryDequeue(out var e)) events.Add(e!);
        Assert.True(engine.IsIdle, "the engine did not finish");
        return events;
    }

    [Fact]
    public void EveryOutputOfEveryCameraArrives_InOrder_AndOneCamerasOutputsStayTogether()
    {
        using var engine = new FleetEngine(64, 0) { VerboseEnabled = false };
        const int cameras = 500, perCamera = 50;
        for (int i = 0; i < cameras; i++)
        {
            var n = i;
            engine.Enqueue(Session(n), n, CgiSafety.ReadOnly, async (s, c) =>
            {
                for (int k = 0; k < perCamera; k++)
                {
                    c.Emit((n, k));
                    if (k % 10 == 0) await Task.Yield();   // other cameras run in between
                }
            });
        }

        var events = WaitAndDrain(engine);
        var outputs = events.Where(e => e.Kind == FleetEventKind.Output).ToList();
        Assert.Equal(cameras, outputs.Count);                       // one event per camera operation
        foreach (var e in outputs)
        {
            var items = e.Outputs.Cast<(int Camera, int Index)>().ToList();
            Assert.Equal(perCamera, items.Count);
            Assert.All(items, x => Assert.Equal((int)e.Target, x.Camera));
            Assert.Equal(Enumerable.Range(0, perCamera), items.Select(x => x.Index));
            Assert.Equal(items[0], ((int, int))e.Output!);           // Output is the first of the batch
        }
        Assert.Equal(Enumerable.Range(0, cameras), outputs.Select(e => (int)e.Target).OrderBy(x => x));
        Assert.Equal(cameras, engine.Succeeded);
    }

    [Fact]
    public void ASingleOutputIsAnEventOfOne_AndAnOperationWithoutOutputPostsNone()
    {
        using var engine = new FleetEngine(4, 0);
        engine.Enqueue(Session(1), "one", CgiSafety.ReadOnly, (s, c) => { c.Emit("only"); return Task.CompletedTask; });
        engine.Enqueue(Session(2), "none", CgiSafety.ReadOnly, (s, c) => Task.CompletedTask);
        var events = WaitAndDrain(engine);
        var output = Assert.Single(events, e => e.Kind == FleetEventKind.Output);
        Assert.Equal("one", output.Target);
        Assert.Equal(new object[] { "only" }, output.Outputs);
        // The operation's buffer itself: reading Outputs of a single-output event allocates no array per call.
        Assert.Same(output.Outputs, output.Outputs);
    }

    [Fact]
    public async Task NoWakeUpIsLost_WhenProducersRaceTheWaiter()
    {
        // Operations finish one by one at random moments while the waiter drains. The waiter waits WITHOUT a timeout,
        // so a wake-up lost to the race between a producer and the waiter's reset leaves it asleep for good (the
        // guard below then fails the test); every event must be seen.
        using var engine = new FleetEngine(8, 0) { VerboseEnabled = true };
        const int operations = 2000;
        var seen = 0;
        var random = new Random(7);
        var delays = Enumerable.Range(0, operations).Select(_ => random.Next(0, 3)).ToArray();
        for (int i = 0; i < operations; i++)
        {
            var n = i;
            engine.Enqueue(Session(n), n, CgiSafety.ReadOnly, async (s, c) =>
            {
                if (delays[n] > 0) await Task.Delay(delays[n]);
                c.Verbose("v" + n);
                c.Emit(n);
            });
        }

        var waiter = Task.Run(() =>
        {
            while (!engine.IsIdle)
            {
                engine.WaitForActivity(Timeout.InfiniteTimeSpan);
                while (engine.TryDequeue(out var e)) if (e!.Kind == FleetEventKind.Output) Interlocked.Increment(ref seen);
            }
            while (engine.TryDequeue(out var e)) if (e!.Kind == FleetEventKind.Output) Interlocked.Increment(ref seen);
        });
        Assert.Same(waiter, await Task.WhenAny(waiter, Task.Delay(TimeSpan.FromSeconds(120))));
        Assert.Equal(operations, seen);
    }

    [Fact]
    public async Task ActivityThatHappenedBeforeTheWait_WakesTheWaiter_AndSoDoesTheNextActivity()
    {
        using var engine = new FleetEngine(1, 0);
        for (int round = 0; round < 3; round++)
        {
            // the operation finishes (its events posted) while nobody waits
            engine.Enqueue(Session(round), round, CgiSafety.ReadOnly, (s, c) => { c.Emit(round); return Task.CompletedTask; });
            Assert.True(SpinWait.SpinUntil(() => engine.IsIdle, TimeSpan.FromSeconds(30)));
            // a wait without a timeout must return at once: the signal raised before it is not lost
            var wait = Task.Run(() => engine.WaitForActivity(Timeout.InfiniteTimeSpan));
            Assert.Same(wait, await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(30))));
            Assert.True(engine.TryDequeue(out var e));
            Assert.Equal(round, e!.Output);
        }
    }

    [Fact]
    public void LanesNeverExceedTheThrottleLimit_AndWorkEnqueuedFromManyThreadsAllRuns()
    {
        // Lanes take queued work until the queue is empty; work enqueued while the last lane is giving up its slot must
        // still run (the lane takes a slot back for it). Four producers race the lanes.
        using var engine = new FleetEngine(3, 0) { VerboseEnabled = false };
        const int producers = 4, each = 2500;
        int running = 0, max = 0;
        var producerTasks = Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            for (int i = 0; i < each; i++)
            {
                var n = p * each + i;
                engine.Enqueue(Session(n), n, CgiSafety.ReadOnly, async (s, c) =>
                {
                    int now = Interlocked.Increment(ref running);
                    int seen;
                    while (now > (seen = Volatile.Read(ref max)) && Interlocked.CompareExchange(ref max, now, seen) != seen) { }
                    if (n % 3 == 0) await Task.Yield();
                    Interlocked.Decrement(ref running);
                    c.Emit(n);
                });
            }
        })).ToArray();
        Task.WaitAll(producerTasks);
        var outputs = WaitAndDrain(engine).Where(e => e.Kind == FleetEventKind.Output).Select(e => (int)e.Output!).OrderBy(x => x).ToList();
        Assert.Equal(Enumerable.Range(0, producers * each), outputs);
        Assert.InRange(max, 1, 3);
        Assert.Equal(producers * each, engine.Succeeded);
    }

    [Fact]
    public void OneCamerasOperationsNeverOverlap_WhateverTheLanes()
    {
        using var engine = new FleetEngine(8, 0);
        var session = Session(1);
        int inside = 0, overlaps = 0, ran = 0;
        for (int i = 0; i < 200; i++)
        {
            engine.Enqueue(session, i, CgiSafety.ReadOnly, async (s, c) =>
            {
                if (Interlocked.Increment(ref inside) != 1) Interlocked.Increment(ref overlaps);
                await Task.Yield();
                Interlocked.Decrement(ref inside);
                Interlocked.Increment(ref ran);
            });
        }
        WaitAndDrain(engine);
        Assert.Equal(0, overlaps);
        Assert.Equal(200, ran);
    }

    [Fact]
    public async Task TheWaiterWakesWhenTheLastOperationEnds_NotAtItsTimeout()
    {
        using var engine = new FleetEngine(2, 0);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Enqueue(Session(1), 1, CgiSafety.ReadOnly, async (s, c) => { await release.Task; c.Emit(1); });
        engine.WaitForActivity(TimeSpan.FromMilliseconds(1)); // a wake just happened: the next wait starts inside the window
        var wait = Task.Run(() => engine.WaitForActivity(TimeSpan.FromMinutes(10)));
        release.SetResult();
        Assert.Same(wait, await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(60))));
        Assert.True(engine.IsIdle);
        Assert.True(engine.TryDequeue(out var e));
        Assert.Equal(1, e!.Output);
    }

    [Fact]
    public void WhileOperationsRun_ThePipelineThreadWakesAtMostOncePerBatchWindow()
    {
        // 400 operations finishing one by one over a few hundred milliseconds: one wake per finished camera before,
        // now at most one per BatchWindow (plus the wake at the end, when the engine went idle).
        using var engine = new FleetEngine(4, 0) { VerboseEnabled = false };
        var random = new Random(11);
        for (int i = 0; i < 400; i++)
        {
            var n = i;
            var delay = random.Next(1, 4);
            engine.Enqueue(Session(n), n, CgiSafety.ReadOnly, async (s, c) => { await Task.Delay(delay); c.Emit(n); });
        }
        int wakes = 0, seen = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!engine.IsIdle)
        {
            engine.WaitForActivity(TimeSpan.FromMilliseconds(100));
            wakes++;
            while (engine.TryDequeue(out _)) seen++;
        }
        clock.Stop();
        while (engine.TryDequeue(out _)) seen++;
        Assert.Equal(400, seen);
        Assert.InRange(wakes, 1, (int)(clock.Elapsed.Ticks / FleetEngine.BatchWindow.Ticks) + 2);
    }

    [Fact]
    public async Task OperationsWaitingForTheirCamera_HoldNoLane_SoOtherCamerasGoOn()
    {
        // Two lanes; camera 1 gets five operations, the first of which hangs until released. The other four wait for
        // camera 1 without holding a lane, so camera 2's operation runs meanwhile (with a lane per waiting duplicate
        // both lanes would sit on camera 1 until it is released).
        using var engine = new FleetEngine(2, 0);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var one = Session(1);
        for (int i = 0; i < 5; i++)
        {
            var n = i;
            engine.Enqueue(one, n, CgiSafety.ReadOnly, async (s, c) =>
            {
                if (n == 0) await gate.Task;
                order.Enqueue(n);
            });
        }
        var other = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Enqueue(Session(2), "other", CgiSafety.ReadOnly, (s, c) => { other.TrySetResult(); return Task.CompletedTask; });
        Assert.Same(other.Task, await Task.WhenAny(other.Task, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.Empty(order); // camera 1 is still held by its first operation
        gate.SetResult();
        WaitAndDrain(engine);
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, order); // one camera's operations in the order they came
        Assert.Equal(6, engine.Succeeded);
    }
}
