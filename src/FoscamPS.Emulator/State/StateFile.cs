using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FoscamPS.Emulator.State;

/// <summary>
/// JSON persistence of camera state: <c>{"cameras":[{"index":0,"state":{"alias":"Door",...}},...]}</c>.
/// On load, each entry's fields (any get_* variable name, id included) override the camera's initial
/// state; unknown names are ignored, invalid values are an error. On save every camera's full state is written.
/// </summary>
internal static class StateFile
{
    public static Dictionary<int, Dictionary<string, string>> Load(string path)
    {
        var result = new Dictionary<int, Dictionary<string, string>>();
        if (!File.Exists(path))
        {
            return result;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"State file '{path}' is not valid JSON: {e.Message}", e);
        }

        if (root?["cameras"] is not JsonArray cameras)
        {
            throw new InvalidDataException($"State file '{path}' has no \"cameras\" array.");
        }

        foreach (var entry in cameras)
        {
            if (entry?["index"] is not JsonValue indexNode || !indexNode.TryGetValue<int>(out var index) || entry["state"] is not JsonObject state)
            {
                throw new InvalidDataException($"State file '{path}': every camera needs \"index\" (number) and \"state\" (object).");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in state)
            {
                values[key] = value switch
                {
                    JsonValue v when v.TryGetValue<string>(out var s) => s,
                    null => "",
                    _ => value.ToJsonString(),
                };
            }

            result[index] = values;
        }

        return result;
    }

    public static void Save(string path, IReadOnlyList<EmulatedCamera> cameras)
    {
        var array = new JsonArray();
        foreach (var camera in cameras)
        {
            var state = new JsonObject();
            foreach (var (key, value) in camera.State.ToDictionary())
            {
                state[key] = value;
            }

            array.Add(new JsonObject { ["index"] = camera.Index, ["state"] = state });
        }

        var json = new JsonObject { ["cameras"] = array }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        File.WriteAllText(temp, json);
        File.Move(temp, full, overwrite: true);
    }
}
