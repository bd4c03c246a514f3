using System;
using System.IO;
using FoscamPS.Fuzzing;
using SharpFuzz;

// FoscamPS.Fuzz <target>            : AFL++ harness (run under afl-fuzz after `sharpfuzz` instrumented FoscamPS.dll)
// FoscamPS.Fuzz seed <corpus dir>   : writes the seed corpus (fuzz/corpus/<target>/...)
// FoscamPS.Fuzz replay <target> <file>... : runs inputs once (triage)
if (args.Length >= 2 && args[0] == "seed")
{
    foreach (var (seedTarget, name, data) in FuzzTargets.Seeds())
    {
        Directory.CreateDirectory(Path.Combine(args[1], seedTarget));
        File.WriteAllBytes(Path.Combine(args[1], seedTarget, name), data);
    }
    Directory.CreateDirectory(Path.Combine(args[1], "credential-store"));
    File.WriteAllBytes(Path.Combine(args[1], "credential-store", "store"), FuzzTargets.StoreSeed());
    return 0;
}
if (args.Length >= 3 && args[0] == "replay")
{
    var run = FuzzTargets.All[args[1]];
    for (int i = 2; i < args.Length; i++) run(File.ReadAllBytes(args[i]));
    return 0;
}
if (args.Length != 1 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine("usage: FoscamPS.Fuzz <" + string.Join("|", FuzzTargets.All.Keys) + "> | seed <dir> | replay <target> <file>...");
    return 2;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var ms = new MemoryStream();
    stream.CopyTo(ms);
    target(ms.ToArray());
});
return 0;
