using System.Collections.Generic;
using System.Linq;
using CsCheck;
using FoscamPS.Emulator;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Settings2
{
    /// <summary>One camera of its own for the generated account sequences.</summary>
    public sealed class UserPropertyFixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions { Count = 1 };
    }

    /// <summary>
    /// Generated sequences of Add-/Set-/Remove-CamUser against the emulator, checked after every step against a
    /// model of the eight slots written from the rules (not from the module's code): 0 users lost or changed
    /// unasked, every refusal the one the rules predict.
    /// </summary>
    public sealed class UserPropertyTests : IClassFixture<UserPropertyFixture>, System.IDisposable
    {
        private const string Self = "admin";
        private static readonly string[] Names = { "admin", "oper", "u1", "u2", "u3", "u4", "u5", "u6" };
        private static readonly string[] Privileges = { "Visitor", "Operator", "Administrator" };

        private readonly UserPropertyFixture _cam;
        private readonly HostedPowerShell _ps = new HostedPowerShell();

        public UserPropertyTests(UserPropertyFixture cam) => _cam = cam;

        public void Dispose() => _ps.Dispose();

        private abstract record Op;
        private sealed record AddOp(string Name, string Password, int Pri) : Op;
        private sealed record SetOp(string Name, string? Password, int? Pri, bool Force) : Op;
        private sealed record RemoveOp(string Name, bool Force) : Op;

        private sealed record Slot(string Name, string Password, int Pri);

        // Passwords up to 12 bytes, with the characters that need URL encoding.
        private static readonly Gen<string> GenPassword = Gen.Char["abcXYZ019-_!&=%+ #"].Array[0, 12].Select(a => new string(a));
        private static readonly Gen<string> GenName = Gen.Int[0, Names.Length - 1].Select(i => Names[i]);
        private static readonly Gen<string> GenOther = Gen.Int[1, Names.Length - 1].Select(i => Names[i]);

        private static readonly Gen<Op> GenOp = Gen.Frequency(
            (4, Gen.Select(GenName, GenPassword, Gen.Int[0, 2], (n, p, r) => (Op)new AddOp(n, p, r))),
            // The session's own password is never changed (the session would lose its login), nor is 'admin' forced.
            (3, Gen.Select(GenName, GenPassword, Gen.Bool, Gen.Int[-1, 2], Gen.Bool, (n, p, setPw, r, f) =>
                (Op)new SetOp(n, setPw && n != Self ? p : null, r < 0 ? null : r, f && n != Self))),
            (3, Gen.Select(GenName, Gen.Bool, (n, f) => (Op)new RemoveOp(n, f && n != Self))));

        [Fact]
        public void GeneratedEditSequences_LoseNoUser()
        {
            GenOp.Array[1, 14].Sample(ops =>
            {
                var model = Reset();
                foreach (var op in ops)
                {
                    var expected = Apply(model, op);
                    var r = _ps.Run(Script(op), new Dictionary<string, object?>
                    {
                        ["cred"] = HostedPowerShell.Credential(Self, TestAccounts.AdminPassword),
                        ["addr"] = _cam.Address(0),
                        ["pw"] = op switch { AddOp a => Secure(a.Password), SetOp { Password: { } p } => Secure(p), _ => null },
                    });
                    if (r.Terminating is not null) throw new Xunit.Sdk.XunitException($"{op}: terminating {r.Terminating.Message}");
                    if (expected is null) Assert.True(r.Errors.Count == 0, $"{op}: unexpected error {string.Join("; ", r.Errors)}");
                    else Assert.True(r.Errors.Count == 1 && r.Errors[0].FullyQualifiedErrorId.StartsWith(expected), $"{op}: expected {expected}, got [{string.Join("; ", r.Errors.Select(e => e.FullyQualifiedErrorId))}]");
                    var actual = Read();
                    Assert.True(model.SequenceEqual(actual), $"after {op}: camera [{string.Join(", ", actual)}] model [{string.Join(", ", model)}]");
                }
            }, iter: 25, threads: 1);
        }

        private static System.Security.SecureString Secure(string text)
        {
            var s = new System.Security.SecureString();
            foreach (var c in text) s.AppendChar(c);
            return s;
        }

        private static string Script(Op op) => op switch
        {
            AddOp a => $"Add-CamUser -Camera $addr -Credential $cred -Account ([pscredential]::new('{a.Name}', $pw)) -Privilege {Privileges[a.Pri]}",
            SetOp s => $"Set-CamUser -Camera $addr -Credential $cred -UserName {s.Name}"
                + (s.Password is null ? "" : $" -Account ([pscredential]::new('{s.Name}', $pw))")
                + (s.Pri is { } p ? $" -Privilege {Privileges[p]}" : "") + (s.Force ? " -Force" : ""),
            RemoveOp r => $"Remove-CamUser -Camera $addr -Credential $cred -UserName {r.Name} -Confirm:$false" + (r.Force ? " -Force" : ""),
            _ => throw new System.ArgumentException(op.ToString()),
        };

        /// <summary>The rules, written independently of the module: returns the expected ErrorId prefix, or null.</summary>
        private static string? Apply(Slot?[] slots, Op op)
        {
            int Find(string n) => System.Array.FindIndex(slots, s => s is not null && s.Name == n);
            int Admins() => slots.Count(s => s is not null && s.Pri == 2);
            switch (op)
            {
                case AddOp a:
                    if (Find(a.Name) >= 0) return "UserExists";
                    var free = System.Array.FindIndex(slots, s => s is null);
                    if (free < 0) return "NoFreeUserSlot";
                    slots[free] = new Slot(a.Name, a.Password, a.Pri);
                    return null;
                case SetOp s:
                {
                    var i = Find(s.Name);
                    if (i < 0) return "UserNotFound";
                    var cur = slots[i]!;
                    var demotes = s.Pri is { } p && p < cur.Pri;
                    if (demotes && cur.Pri == 2 && !s.Force && Admins() <= 1) return "LastAdministrator";
                    if (demotes && s.Name == Self && !s.Force) return "OwnAccount";
                    slots[i] = new Slot(cur.Name, s.Password ?? cur.Password, s.Pri ?? cur.Pri);
                    return null;
                }
                case RemoveOp r:
                {
                    var i = Find(r.Name);
                    if (i < 0) return "UserNotFound";
                    if (!r.Force && slots[i]!.Pri == 2 && Admins() <= 1) return "LastAdministrator";
                    if (!r.Force && r.Name == Self) return "OwnAccount";
                    slots[i] = null;
                    return null;
                }
            }
            return null;
        }

        private Slot?[] Reset()
        {
            var v = new Dictionary<string, string>();
            for (var s = 1; s <= 8; s++)
            {
                v[$"user{s}_name"] = s == 1 ? Self : s == 2 ? "oper" : "";
                v[$"user{s}_pwd"] = s == 1 ? TestAccounts.AdminPassword : s == 2 ? TestAccounts.OperatorPassword : "";
                v[$"user{s}_pri"] = s == 1 ? "2" : s == 2 ? "1" : "0";
            }
            _cam.Host.Cameras[0].Update(v);
            var model = new Slot?[8];
            model[0] = new Slot(Self, TestAccounts.AdminPassword, 2);
            model[1] = new Slot("oper", TestAccounts.OperatorPassword, 1);
            return model;
        }

        private Slot?[] Read()
        {
            var snap = _cam.Host.Cameras[0].Snapshot();
            return Enumerable.Range(1, 8).Select(s => snap[$"user{s}_name"].Length == 0 ? null
                : new Slot(snap[$"user{s}_name"], snap[$"user{s}_pwd"], int.Parse(snap[$"user{s}_pri"], System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        }
    }
}
