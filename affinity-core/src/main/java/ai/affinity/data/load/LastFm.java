package ai.affinity.data.load;

import ai.affinity.data.Dataset;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.data.UserCatalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loader for the Last.fm hetrec-2011 release ({@code hetrec2011-lastfm-2k}): the value of an
 * event is the user's play count of the artist; there are no timestamps (all 0). Artist names
 * become titles; tags that users gave artists become item text and the categorical "tag".
 */
final class LastFm {
    /** user_artists.dat: userID, artistID, weight separated by tabs, with a header. */
    static final Events.Layout EVENTS = Events.Layout.delimited("\t", false, LineReader.Encoding.UTF8,
            ColumnMapping.parse("user=userID,item=artistID,value=weight,header=true"));

    private LastFm() {
    }

    static Dataset load(String path, LoadOptions opts) throws IOException {
        Path dir = LoadContext.requireDirectory(path, "lastfm-2k");
        Path plays = LoadContext.requireFile(dir, "user_artists.dat", "lastfm-2k");
        LoadContext ctx = new LoadContext(opts, null);
        IdMap users = new IdMap(2048);
        IdMap items = new IdMap(1 << 15);
        ItemCatalog catalog = new ItemCatalog();
        UserCatalog userCatalog = new UserCatalog();

        Path artists = LoadContext.optionalFile(dir, "artists.dat");
        if (artists != null) {
            LoadContext.Header h = new LoadContext.Header("id", "name");
            ctx.forEachRecord(artists, LineReader.Encoding.UTF8, "\t", false, h, (f, name, line) -> {
                LoadContext.requireFields(f, h.needed(), name, line, "name");
                String id = MovieLens.requireId(f, h.index(0), name, line, "id");
                catalog.set(items.add(id), ItemContent.titled(f.field(h.index(1)).strip()));
            });
        }
        Interactions.Builder builder = ctx.newBuilder().optExpectedEvents(1 << 17);
        Events.read(plays, EVENTS, Events.IdResolver.adding(users, items), builder, ctx);

        Map<String, String> extra = new LinkedHashMap<>();
        Path tagNames = LoadContext.optionalFile(dir, "tags.dat");
        Path tagged = LoadContext.optionalFile(dir, "user_taggedartists.dat");
        if (tagNames != null && tagged != null) {
            Map<String, String> tagById = new HashMap<>();
            LoadContext.Header th = new LoadContext.Header("tagID", "tagValue");
            ctx.forEachRecord(tagNames, LineReader.Encoding.UTF8, "\t", false, th, (f, name, line) -> {
                LoadContext.requireFields(f, th.needed(), name, line, "tagValue");
                tagById.put(f.trimmed(th.index(0)), f.field(th.index(1)).strip());
            });
            Tags tags = new Tags();
            long[] unknown = new long[2];
            LoadContext.Header uh = new LoadContext.Header("userID", "artistID", "tagID");
            ctx.forEachRecord(tagged, LineReader.Encoding.UTF8, "\t", false, uh, (f, name, line) -> {
                LoadContext.requireFields(f, uh.needed(), name, line, "tagID");
                // Many tagged artists are neither listed nor played: they are not items of this set.
                int item = items.indexOf(f.trimmed(uh.index(1)));
                String tag = tagById.get(f.trimmed(uh.index(2)));
                if (item < 0) {
                    unknown[0]++;
                } else if (tag == null) {
                    unknown[1]++;
                } else {
                    tags.add(item, tag);
                }
            });
            tags.applyTo(catalog, true);
            extra.put("tagsApplied", Long.toString(tags.applied()));
            extra.put("tagsOfUnknownItems", Long.toString(unknown[0]));
            extra.put("unknownTagIds", Long.toString(unknown[1]));
        }
        return ctx.finish("lastfm-2k", "lastfm-2k", path, users, items, builder, catalog, userCatalog, extra);
    }
}
