package ai.affinity.compare;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a data set can support: event times (for sequential and drift sections), item content by
 * modality (for cold items and the ablation), user attributes (for cold users beyond their history).
 *
 * @param timestamps     events carry at least two distinct times (loaders write 0 when a file has none)
 * @param itemText       some item has a title or free text
 * @param itemAttributes some item has a categorical or numeric attribute
 * @param itemImages     some item has an image
 * @param itemAudio      some item has an audio clip
 * @param userAttributes some user has features
 */
public record DataCapabilities(boolean timestamps, boolean itemText, boolean itemAttributes, boolean itemImages,
                               boolean itemAudio, boolean userAttributes) {
    /** Modality names, as used in the ablation and in results.json. */
    public static final String TEXT = "text";
    public static final String IMAGE = "image";
    public static final String AUDIO = "audio";
    public static final String ITEM_ATTRIBUTES = "item attributes";
    public static final String USER_ATTRIBUTES = "user attributes";

    /** Inspects {@code data}: one pass over timestamps and item contents. */
    public static DataCapabilities of(Dataset data) {
        Interactions x = data.interactions();
        boolean times = x.numEvents() > 1 && x.maxTimestamp() > x.minTimestamp();
        boolean text = false;
        boolean attrs = false;
        boolean images = false;
        boolean audio = false;
        ItemCatalog items = data.items();
        for (int i = 0; i < items.size(); i++) {
            ItemContent c = items.get(i);
            if (c == null) {
                continue;
            }
            text |= !c.title().isBlank() || !c.text().isBlank();
            attrs |= !c.categorical().isEmpty() || !c.numeric().isEmpty();
            images |= c.image() != null;
            audio |= c.audio() != null;
        }
        return new DataCapabilities(times, text, attrs, images, audio, data.users() != null && data.users().hasFeatures());
    }

    /** Some item content of any kind (what a content method needs to score an unseen item). */
    public boolean itemContent() {
        return itemText || itemAttributes || itemImages || itemAudio;
    }

    /** The modalities present, in ablation order. */
    public List<String> modalities() {
        List<String> m = new ArrayList<>();
        if (itemText) {
            m.add(TEXT);
        }
        if (itemImages) {
            m.add(IMAGE);
        }
        if (itemAudio) {
            m.add(AUDIO);
        }
        if (itemAttributes) {
            m.add(ITEM_ATTRIBUTES);
        }
        if (userAttributes) {
            m.add(USER_ATTRIBUTES);
        }
        return m;
    }

    /** For results.json. */
    public Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamps", timestamps);
        m.put("item_text", itemText);
        m.put("item_attributes", itemAttributes);
        m.put("item_images", itemImages);
        m.put("item_audio", itemAudio);
        m.put("user_attributes", userAttributes);
        return m;
    }
}
