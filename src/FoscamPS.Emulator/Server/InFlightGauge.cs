using System.Threading;

namespace FoscamPS.Emulator.Server;

/// <summary>Lock-free in-flight / max-in-flight / request counters.</summary>
internal sealed class InFlightGauge
{
    private int _inFlight;
    private int _max;
    private long _requests;

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxInFlight => Volatile.Read(ref _max);

    public long Requests => Interlocked.Read(ref _requests);

    public void Enter()
    {
        Interlocked.Increment(ref _requests);
        var now = Interlocked.Increment(ref _inFlight);
        var max = Volatile.Read(ref _max);
        while (now > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, now, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Max becomes the current in-flight count; the request count restarts at 0.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _max, Volatile.Read(ref _inFlight));
    }
}

/// <summary>One request's slot in a camera gauge and the host gauge; released once.</summary>
internal sealed class InFlightScope
{
    private readonly InFlightGauge _camera;
    private readonly InFlightGauge _global;
    private int _released;

    public InFlightScope(InFlightGauge camera, InFlightGauge global)
    {
        _camera = camera;
        _global = global;
        camera.Enter();
        global.Enter();
    }

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _camera.Exit();
            _global.Exit();
        }
    }
}
