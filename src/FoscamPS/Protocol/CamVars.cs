using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace FoscamPS.Protocol
{
    /// <summary>One value of a reply (<c>var name=value;</c>): unescaped text and whether it was quoted.</summary>
    public sealed class CamValue
    {
        internal static readonly CamValue Empty = new CamValue(string.Empty, false);

        public CamValue(string text, bool quoted)
        {
            Text = text ?? string.Empty;
            Quoted = quoted;
        }

        public string Text { get; }
        public bool Quoted { get; }

        public override string ToString() => Text;
    }

    /// <summary>
    /// Parsed <c>var name=value;</c> reply. Case-sensitive names, first-seen order kept, last assignment wins.
    /// Arrays (<c>var a=new Array();</c> + <c>a[0]='x';</c>) are NOT dictionary entries: read them with
    /// <see cref="GetArray"/> (names in <see cref="ArrayNames"/>).
    /// </summary>
    public sealed class CamVars : IReadOnlyDictionary<string, CamValue>
    {
        /// <summary>An empty set.</summary>
        public static readonly CamVars Empty = new CamVars();

        private readonly List<string> _keys = new List<string>();
        private readonly Dictionary<string, int> _index;
        private readonly List<CamValue> _values = new List<CamValue>();
        private Dictionary<string, List<CamValue?>>? _arrays;
        private List<string>? _arrayOrder;
        private MemoSlot? _memo;

        private sealed class MemoSlot
        {
            public MemoSlot(object key, object value) { Key = key; Value = value; }
            public object Key { get; }
            public object Value { get; }
        }

        /// <summary>
        /// A value worked out once per reply and key, for code that reads one reply many times (Get-CamConfig parses one
        /// get_params reply into 19 groups, each wanting the fields the table does not know). One slot: a different key
        /// replaces it; any change to the set forgets it. <paramref name="make"/> gets this set and the key.
        /// </summary>
        internal T Memo<T>(object key, Func<CamVars, object, T> make) where T : class
        {
            var slot = Volatile.Read(ref _memo);
            if (slot is not null && slot.Key.Equals(key) && slot.Value is T hit) return hit;
            var value = make(this, key);
            Volatile.Write(ref _memo, new MemoSlot(key, value));
            return value;
        }

        internal CamVars(int capacity = 0)
        {
            _index = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
            if (capacity > 0)
            {
                _keys.Capacity = capacity;
                _values.Capacity = capacity;
            }
        }

        internal void Set(string name, CamValue value)
        {
            _memo = null;
            if (_index.TryGetValue(name, out int i)) _values[i] = value;
            else
            {
                _index.Add(name, _keys.Count);
                _keys.Add(name);
                _values.Add(value);
            }
        }

        internal CamValue? Find(string name) => _index.TryGetValue(name, out int i) ? _values[i] : null;

        internal List<CamValue?> DeclareArray(string name)
        {
            _arrays ??= new Dictionary<string, List<CamValue?>>(StringComparer.Ordinal);
            if (!_arrays.TryGetValue(name, out var list))
            {
                list = new List<CamValue?>();
                _arrays.Add(name, list);
                (_arrayOrder ??= new List<string>()).Add(name);
            }
            return list;
        }

        internal void SetElement(string name, int index, CamValue value)
        {
            _memo = null;
            var list = DeclareArray(name);
            while (list.Count <= index) list.Add(null);
            list[index] = value;
        }

        internal CamValue? FindElement(string name, int index)
        {
            if (_arrays != null && _arrays.TryGetValue(name, out var list) && index < list.Count) return list[index];
            return null;
        }

        /// <summary>Names of the arrays in the reply, in order of first appearance.</summary>
        public IReadOnlyList<string> ArrayNames => (IReadOnlyList<string>?)_arrayOrder ?? Array.Empty<string>();

        public int Count => _keys.Count;
        public IEnumerable<string> Keys => _keys;
        public IEnumerable<CamValue> Values => _values;

        public CamValue this[string key] => _index.TryGetValue(key, out int i) ? _values[i] : throw new KeyNotFoundException("The reply has no field '" + key + "'.");

        public bool ContainsKey(string key) => key != null && _index.ContainsKey(key);

        public bool TryGetValue(string key, out CamValue value)
        {
            if (key != null && _index.TryGetValue(key, out int i))
            {
                value = _values[i];
                return true;
            }
            value = null!;
            return false;
        }

        public IEnumerator<KeyValuePair<string, CamValue>> GetEnumerator()
        {
            for (int i = 0; i < _keys.Count; i++) yield return new KeyValuePair<string, CamValue>(_keys[i], _values[i]);
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>The text of the field, or null when missing.</summary>
        public string? GetString(string name) => name != null && _index.TryGetValue(name, out int i) ? _values[i].Text : null;

        /// <summary>Invariant-culture integer, or null when missing or not a number.</summary>
        public int? GetInt32(string name)
        {
            string? s = GetString(name);
            return s != null && int.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : null;
        }

        /// <summary>
        /// Unsigned 32-bit (schedule words exceed Int32). Negative Int32 text is read as its two's complement, so
        /// <c>-1</c> gives <see cref="uint.MaxValue"/>. Null when missing, not a number or out of range.
        /// </summary>
        public uint? GetUInt32(string name)
        {
            string? s = GetString(name);
            if (s == null || !long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v)) return null;
            if (v >= 0 && v <= uint.MaxValue) return (uint)v;
            if (v < 0 && v >= int.MinValue) return unchecked((uint)(int)v);
            return null;
        }

        /// <summary>Invariant-culture 64-bit integer, or null.</summary>
        public long? GetInt64(string name)
        {
            string? s = GetString(name);
            return s != null && long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : null;
        }

        /// <summary>
        /// Elements of array <paramref name="name"/> ordered by index; holes (an index never assigned) are empty values
        /// so positions stay aligned with sibling arrays. Empty list when the array is missing.
        /// </summary>
        public IReadOnlyList<CamValue> GetArray(string name)
        {
            if (name == null || _arrays == null || !_arrays.TryGetValue(name, out var list) || list.Count == 0) return Array.Empty<CamValue>();
            var result = new CamValue[list.Count];
            for (int i = 0; i < result.Length; i++) result[i] = list[i] ?? CamValue.Empty;
            return result;
        }
    }
}
