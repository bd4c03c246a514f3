using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace FoscamPS.Benchmarks;

public static class Program
{
    /// <summary>Runs every benchmark unless a --filter is given (added here, not by a shell that would glob it).</summary>
    public static void Main(string[] args)
    {
        if (!args.Any(a => a.Equals("--filter", StringComparison.OrdinalIgnoreCase) || a.Equals("-f", StringComparison.Ordinal)))
            args = args.Concat(new[] { "--filter", "*" }).ToArray();
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
