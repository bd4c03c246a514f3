using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FoscamPS.Fuzzing;
using Xunit;

namespace FoscamPS.Tests.Hardening;

/// <summary>
/// Corpus replay in the normal test run: every seed and every file kept under fuzz/corpus/&lt;target&gt;/ (seeds and
/// what AFL++ runs found, crashes fixed and kept as regressions) goes through its harness without an undocumented
/// exception. Plus a few thousand random mutations per target, deterministic (fixed seed).
/// </summary>
public class FuzzCorpusReplayTests
{
    private static string? CorpusRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "fuzz", "corpus");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static IEnumerable<object[]> Targets() => FuzzTargets.All.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Targets))]
    public void CorpusAndMutationsReplayCleanly(string target)
    {
        var run = FuzzTargets.All[target];
        var inputs = FuzzTargets.Seeds().Where(s => s.Target == target).Select(s => (s.Name, s.Data)).ToList();
        if (target == "credential-store") inputs.Add(("store", FuzzTargets.StoreSeed()));
        if (CorpusRoot() is { } root && Directory.Exists(Path.Combine(root, target)))
            inputs.AddRange(Directory.GetFiles(Path.Combine(root, target)).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))));
        Assert.NotEmpty(inputs);
        foreach (var (name, data) in inputs)
        {
            var error = Record.Exception(() => run(data));
            Assert.True(error is null, $"{target}/{name}: {error}");
        }
        var rnd = new Random(4242);
        for (int i = 0; i < 3000; i++)
        {
            var (_, seed) = inputs[rnd.Next(inputs.Count)];
            var data = Mutate(seed, rnd);
            var error = Record.Exception(() => run(data));
            Assert.True(error is null, $"{target} mutation {i} ({Convert.ToBase64String(data)}): {error}");
        }
    }

    [Fact]
    public void SeedCorpusOnDiskMatchesTheTargets()
    {
        var root = CorpusRoot();
        Assert.NotNull(root);
        foreach (var target in FuzzTargets.All.Keys)
            Assert.True(Directory.Exists(Path.Combine(root!, target)) && Directory.GetFiles(Path.Combine(root!, target)).Length > 0, target);
    }

    private static byte[] Mutate(byte[] seed, Random rnd)
    {
        var d = new List<byte>(seed);
        int edits = 1 + rnd.Next(8);
        for (int e = 0; e < edits; e++)
        {
            switch (rnd.Next(6))
            {
                case 0 when d.Count > 0: d[rnd.Next(d.Count)] ^= (byte)(1 << rnd.Next(8)); break;
                case 1 when d.Count > 0: d[rnd.Next(d.Count)] = (byte)rnd.Next(256); break;
                case 2: d.Insert(rnd.Next(d.Count + 1), (byte)rnd.Next(256)); break;
                case 3 when d.Count > 0: d.RemoveAt(rnd.Next(d.Count)); break;
                case 4 when d.Count > 4:
                    {
                        int at = rnd.Next(d.Count), len = Math.Min(d.Count - at, 1 + rnd.Next(32));
                        d.InsertRange(rnd.Next(d.Count), d.GetRange(at, len));
                        break;
                    }
                case 5 when d.Count > 0:
                    {
                        int cut = rnd.Next(d.Count); // truncation: a reply or file cut short
                        d.RemoveRange(cut, d.Count - cut);
                        break;
                    }
            }
        }
        return d.ToArray();
    }
}
