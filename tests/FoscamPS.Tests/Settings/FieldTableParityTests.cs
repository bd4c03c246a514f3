using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using FoscamPS.Model;
using Xunit;

namespace FoscamPS.Tests.Settings
{
    /// <summary>
    /// The module's field table (<see cref="CamFieldTable"/>) and the emulator's own catalogue (FieldCatalog, Setters)
    /// agree field by field: names, kinds, byte limits, ranges and code sets, setters, the setters' query names and
    /// which fields a whole-group setter insists on. Read through reflection: the emulator keeps its types internal.
    /// </summary>
    public sealed class FieldTableParityTests
    {
        private static readonly Assembly Emu = typeof(FoscamPS.Emulator.EmulatorHost).Assembly;

        private sealed record EmuField(string Name, string Kind, int MaxLength, long Min, long Max, long[]? Allowed);

        private sealed record EmuParam(string Cgi, string Query, string Field, bool Required);

        private static IReadOnlyList<EmuField> EmuFields()
        {
            var catalog = Emu.GetType("FoscamPS.Emulator.State.FieldCatalog", true)!;
            var all = (IEnumerable)catalog.GetField("All", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            return all.Cast<object>().Select(ToField).ToList();
        }

        private static EmuField ToField(object f)
        {
            var t = f.GetType();
            object? P(string n) => t.GetProperty(n)!.GetValue(f);
            var allowed = P("Allowed") is IEnumerable a ? a.Cast<long>().OrderBy(x => x).ToArray() : null;
            return new EmuField((string)P("Name")!, P("Kind")!.ToString()!, (int)P("MaxLength")!, (long)P("Min")!, (long)P("Max")!, allowed);
        }

        private static IReadOnlyList<EmuParam> EmuSetterParams()
        {
            var setters = Emu.GetType("FoscamPS.Emulator.Cgi.Setters", true)!;
            var all = (IEnumerable)setters.GetProperty("All", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            var list = new List<EmuParam>();
            foreach (var spec in all.Cast<object>())
            {
                var cgi = (string)spec.GetType().GetProperty("Cgi")!.GetValue(spec)!;
                foreach (var p in ((IEnumerable)spec.GetType().GetProperty("Params")!.GetValue(spec)!).Cast<object>())
                {
                    var pt = p.GetType();
                    var field = ToField(pt.GetProperty("Field")!.GetValue(p)!);
                    list.Add(new EmuParam(cgi, (string)pt.GetProperty("Query")!.GetValue(p)!, field.Name, (bool)pt.GetProperty("Required")!.GetValue(p)!));
                }
            }
            return list;
        }

        /// <summary>The table row the emulator's flat field name stands for (identity fields: the get_params row; alarm_status: get_status).</summary>
        private static CamField? TableRow(string name)
            => CamFieldTable.Fields.FirstOrDefault(f => f.Name == name && f.ReadCgi != "get_status.cgi")
               ?? CamFieldTable.Fields.FirstOrDefault(f => f.Name == name);

        [Fact]
        public void EveryEmulatorField_IsInTheTable_WithTheSameKindAndLimits()
        {
            var problems = new List<string>();
            foreach (var e in EmuFields())
            {
                var f = TableRow(e.Name);
                if (f is null)
                {
                    problems.Add($"{e.Name}: the emulator stores it, the table does not know it");
                    continue;
                }
                var kind = f.Kind switch { CamFieldKind.Text => "Text", CamFieldKind.Word => "Word", _ => "Number" };
                if (kind != e.Kind) problems.Add($"{e.Name}: kind {kind} in the table, {e.Kind} in the emulator");
                if (f.Kind == CamFieldKind.Text && f.MaxBytes != e.MaxLength) problems.Add($"{e.Name}: at most {f.MaxBytes} bytes in the table, {e.MaxLength} in the emulator");
                if (f.Kind == CamFieldKind.Number)
                {
                    if (f.Codes is not null || e.Allowed is not null)
                    {
                        var codes = f.Codes?.OrderBy(x => x).ToArray();
                        if (codes is null || e.Allowed is null || !codes.SequenceEqual(e.Allowed))
                            problems.Add($"{e.Name}: codes [{string.Join(",", codes ?? Array.Empty<long>())}] in the table, [{string.Join(",", e.Allowed ?? Array.Empty<long>())}] in the emulator");
                    }
                    else if (f.Min != e.Min || f.Max != e.Max)
                    {
                        problems.Add($"{e.Name}: {f.Min}..{f.Max} in the table, {e.Min}..{e.Max} in the emulator");
                    }
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void EveryStoredTableField_IsInTheEmulator()
        {
            var emu = new HashSet<string>(EmuFields().Select(f => f.Name));
            var stored = CamFieldTable.Fields.Where(f => f.ReadCgi != "get_status.cgi" && f.Name != "now");
            var missing = stored.Where(f => !emu.Contains(f.Name)).Select(f => $"{f.ReadCgi} {f.Name}").ToList();
            Assert.True(missing.Count == 0, "The table knows fields the emulator does not store: " + string.Join(", ", missing));
        }

        [Fact]
        public void Setters_AndTheirQueryNames_Agree()
        {
            var problems = new List<string>();
            var emu = EmuSetterParams();
            foreach (var p in emu)
            {
                if (p.Cgi == "set_mac.cgi") continue;
                // The spec's syntax line names the sound alarm "sounddetect_enabled", its table "sounddetect_armed": the emulator takes both.
                if (p.Cgi == "set_alarm.cgi" && p.Query == "sounddetect_enabled") continue;
                var row = TableRow(p.Field);
                if (row is null || row.SetterCgi != p.Cgi || row.SetterQuery != p.Query)
                    problems.Add($"{p.Cgi} {p.Query} -> {p.Field}: the table says {row?.SetterCgi} {row?.SetterQuery}");
            }
            foreach (var f in CamFieldTable.Fields.Where(f => f.SetterCgi is not null && f.ControlParam is null))
            {
                if (f.Name == "now") continue; // set_datetime's now is taken by the emulator's hook (the clock is not a stored field)
                if (!emu.Any(p => p.Cgi == f.SetterCgi && p.Query == f.SetterQuery && p.Field == f.Name))
                    problems.Add($"{f.Name}: the table writes it with {f.SetterCgi} {f.SetterQuery}, the emulator does not take that");
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void WholeGroupRequirements_Agree_AndRequiredFieldsComeFromTheTable()
        {
            var problems = new List<string>();
            foreach (var p in EmuSetterParams())
            {
                if (p.Cgi == "set_mac.cgi" || p.Query == "sounddetect_enabled") continue;
                var row = TableRow(p.Field)!;
                var required = row.Requirement == CamFieldRequirement.Always;
                if (required != p.Required) problems.Add($"{p.Cgi} {p.Query}: required {required} in the table, {p.Required} in the emulator");
            }
            foreach (var cgi in EmuSetterParams().Select(p => p.Cgi).Distinct().Where(c => c != "set_mac.cgi"))
            {
                var expected = EmuSetterParams().Where(p => p.Cgi == cgi && p.Required).Select(p => p.Query).OrderBy(x => x).ToArray();
                var actual = CgiCatalogue.Get(cgi).RequiredFields.OrderBy(x => x).ToArray();
                if (!expected.SequenceEqual(actual)) problems.Add($"{cgi}: RequiredFields [{string.Join(",", actual)}], emulator [{string.Join(",", expected)}]");
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            // camera-facts "Whole-group setters": users, wifi (WEP fields), mail (tls, receivers), ddns (proxy), forbidden (schedule_enable).
            Assert.Contains("key1", CgiCatalogue.Get("set_wifi.cgi").RequiredFields);
            Assert.Contains("tls", CgiCatalogue.Get("set_mail.cgi").RequiredFields);
            Assert.Contains("receiver4", CgiCatalogue.Get("set_mail.cgi").RequiredFields);
            Assert.Contains("proxy_port", CgiCatalogue.Get("set_ddns.cgi").RequiredFields);
            Assert.Contains("schedule_enable", CgiCatalogue.Get("set_forbidden.cgi").RequiredFields);
            Assert.Equal(24, CgiCatalogue.Get("set_users.cgi").RequiredFields.Count);
            Assert.Empty(CgiCatalogue.Get("set_pppoe.cgi").RequiredFields);
        }

        [Fact]
        public void FactoryDdnsService_FollowsTheSpec_ZeroToFourteen()
        {
            Assert.Equal(14, CamFieldTable.Find("get_factory_ddns.cgi", "factory_ddns_service")!.Max);
            Assert.Equal(15, CamFieldTable.FindParam("ddns_service")!.Max);
        }
    }
}
