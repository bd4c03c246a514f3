using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FoscamPS.Protocol;

// What one get_status request costs the client's CPU at the socket level (issue 13), over the same loopback cameras:
//   async     - .NET's async sockets, the least a request can do (connect, send, read to the close), 64 at a time
//   select    - one thread, Socket.Select over the open sockets (curl -Z's model)
//   transport - FoscamPS's CamTransport (its HTTP client, auth, reply parsing), 64 at a time; the socket loop is used
//               unless FOSCAMPS_SOCKET_LOOP=0
// Usage: FoscamPS.SocketFloor <file of host:port lines> <mode> [runs=12] [throttle=64]
// Prints one line per run: wall, CPU (user+sys of this process), context switches, thread-pool work items, bytes
// allocated per request. The first runs warm the JIT up; compare the last ones.
if (args.Length < 2) { Console.Error.WriteLine("usage: FoscamPS.SocketFloor <bases file> async|select|transport [runs] [throttle]"); return 2; }
var cameras = File.ReadAllLines(args[0]).Where(l => l.Trim().Length > 0).Select(l => IPEndPoint.Parse(l.Trim().Replace("http://", "").TrimEnd('/'))).ToArray();
string mode = args[1];
int runs = args.Length > 2 ? int.Parse(args[2]) : 12;
int throttle = args.Length > 3 ? int.Parse(args[3]) : 64;
var me = Process.GetCurrentProcess();
// The emulator's factory account (admin, blank password), as the fleet bench logs in.
var login = Convert.ToBase64String(Encoding.UTF8.GetBytes("admin" + ":" + string.Empty));
var transports = mode == "transport"
    ? cameras.Select(c => new CamTransport(CamAddress.Parse(c.ToString()), new NetworkCredential("admin", ""))).ToArray()
    : null;

for (int r = 0; r < runs; r++)
{
    long allocated = GC.GetTotalAllocatedBytes(true), switches = ContextSwitches(), items = ThreadPool.CompletedWorkItemCount;
    me.Refresh();
    var cpu = me.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    int ok = mode switch
    {
        "async" => RunAsync(),
        "select" => RunSelect(),
        "transport" => RunTransport(),
        _ => throw new ArgumentException("mode: async, select or transport"),
    };
    clock.Stop();
    me.Refresh();
    Console.WriteLine($"{mode} {cameras.Length} requests, {ok} ok: wall {clock.Elapsed.TotalSeconds:0.000} s, CPU {(me.TotalProcessorTime - cpu).TotalSeconds:0.000} s, " +
        $"context switches {ContextSwitches() - switches}, pool work items {ThreadPool.CompletedWorkItemCount - items}, " +
        $"allocated {(GC.GetTotalAllocatedBytes(true) - allocated) / cameras.Length} B/request");
}
return 0;

byte[] Request(IPEndPoint camera) => Encoding.ASCII.GetBytes(
    $"GET /get_status.cgi HTTP/1.1\r\nHost: {camera}\r\nAuthorization: Basic {login}\r\nConnection: close\r\n\r\n");

int Lanes(Func<Task<bool>> lane)
{
    var tasks = Enumerable.Range(0, throttle).Select(_ => Task.Run(lane)).ToArray();
    Task.WaitAll(tasks);
    return 0;
}

int RunAsync()
{
    int next = -1, ok = 0;
    Lanes(async () =>
    {
        var buffer = new byte[8192];
        for (int i; (i = Interlocked.Increment(ref next)) < cameras.Length;)
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await s.ConnectAsync(cameras[i]);
            await s.SendAsync(Request(cameras[i]), SocketFlags.None);
            while (await s.ReceiveAsync(buffer, SocketFlags.None) > 0) { }
            Interlocked.Increment(ref ok);
        }
        return true;
    });
    return ok;
}

int RunTransport()
{
    int next = -1, ok = 0;
    Lanes(async () =>
    {
        for (int i; (i = Interlocked.Increment(ref next)) < cameras.Length;)
        {
            var reply = await transports![i].SendAsync(new CamRequest("get_status.cgi", CgiSafety.ReadOnly), CancellationToken.None).ConfigureAwait(false);
            if (reply.Vars.Count > 0) Interlocked.Increment(ref ok);
        }
        return true;
    });
    return ok;
}

int RunSelect()
{
    var open = new List<(Socket Socket, bool Connected, byte[] Request)>();
    var read = new List<Socket>();
    var write = new List<Socket>();
    var buffer = new byte[8192];
    int next = 0, ok = 0;
    while (next < cameras.Length || open.Count > 0)
    {
        while (open.Count < throttle && next < cameras.Length)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
            bool connected = false;
            try { s.Connect(cameras[next]); connected = true; }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress) { }
            var request = Request(cameras[next++]);
            if (connected) s.Send(request, 0, request.Length, SocketFlags.None, out _);
            open.Add((s, connected, request));
        }
        read.Clear();
        write.Clear();
        foreach (var o in open) (o.Connected ? read : write).Add(o.Socket);
        Socket.Select(read.Count > 0 ? read : null, write.Count > 0 ? write : null, null, 1_000_000);
        for (int k = open.Count - 1; k >= 0; k--)
        {
            var o = open[k];
            if (!o.Connected && write.Contains(o.Socket))
            {
                o.Socket.Send(o.Request, 0, o.Request.Length, SocketFlags.None, out _);
                open[k] = (o.Socket, true, o.Request);
            }
            else if (o.Connected && read.Contains(o.Socket))
            {
                while (true)
                {
                    int n = o.Socket.Receive(buffer, 0, buffer.Length, SocketFlags.None, out var error);
                    if (error == SocketError.WouldBlock) break;
                    if (n > 0) continue;
                    o.Socket.Dispose();
                    open.RemoveAt(k);
                    ok++;
                    break;
                }
            }
        }
    }
    return ok;
}

static long ContextSwitches()
{
    long total = 0;
    foreach (var task in Directory.GetDirectories("/proc/self/task"))
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                if (line.Contains("ctxt_switches")) total += long.Parse(line.Split(':')[1].Trim());
        }
        catch (IOException) { } // a thread that ended meanwhile
    }
    return total;
}
