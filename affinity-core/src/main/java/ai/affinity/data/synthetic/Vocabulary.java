package ai.affinity.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Words for generated titles and text: one vocabulary per topic plus generic filler words. The first
 * {@link #NAMED_TOPICS} topics have hand-written names and words (readable demos); further topics get
 * pronounceable words made from syllables, deterministic by seed.
 */
final class Vocabulary {
    static final String[] TOPIC_NAMES = {
        "space", "cooking", "jazz", "football", "mystery", "fantasy", "history", "romance",
        "science", "travel", "comedy", "nature", "horror", "rock", "tech", "art"};
    static final int NAMED_TOPICS = TOPIC_NAMES.length;

    private static final String[][] TOPIC_WORDS = {
        {"galaxy", "rocket", "orbit", "nebula", "astronaut", "comet", "planet", "starship", "asteroid", "cosmos", "lunar", "gravity"},
        {"recipe", "kitchen", "chef", "spice", "oven", "pasta", "flavor", "bake", "garlic", "dessert", "sauce", "feast"},
        {"saxophone", "swing", "trumpet", "bebop", "improvisation", "club", "bass", "groove", "blues", "quartet", "melody", "solo"},
        {"goal", "striker", "stadium", "league", "referee", "penalty", "midfield", "keeper", "derby", "coach", "match", "trophy"},
        {"detective", "clue", "murder", "suspect", "alibi", "secret", "inspector", "witness", "motive", "shadow", "case", "riddle"},
        {"dragon", "wizard", "sword", "kingdom", "elf", "quest", "spell", "castle", "prophecy", "realm", "rune", "knight"},
        {"empire", "dynasty", "war", "revolution", "ancient", "treaty", "medieval", "archive", "pharaoh", "battle", "century", "monarch"},
        {"love", "kiss", "heart", "wedding", "passion", "letter", "longing", "sweetheart", "promise", "summer", "dance", "desire"},
        {"experiment", "theory", "molecule", "laboratory", "quantum", "genome", "physics", "hypothesis", "data", "evolution", "atom", "discovery"},
        {"journey", "island", "passport", "voyage", "mountain", "harbor", "road", "backpack", "desert", "caravan", "map", "coast"},
        {"joke", "laugh", "prank", "satire", "sitcom", "parody", "clown", "gag", "wit", "mischief", "farce", "banter"},
        {"forest", "river", "wildlife", "ocean", "bird", "meadow", "glacier", "wolf", "rainforest", "blossom", "canyon", "tide"},
        {"ghost", "haunted", "zombie", "scream", "curse", "vampire", "crypt", "nightmare", "blood", "demon", "fog", "terror"},
        {"guitar", "riff", "amplifier", "drummer", "anthem", "tour", "encore", "distortion", "stage", "vinyl", "rebel", "ballad"},
        {"software", "robot", "algorithm", "startup", "circuit", "network", "gadget", "code", "chip", "cloud", "drone", "server"},
        {"painting", "canvas", "sculpture", "gallery", "portrait", "palette", "museum", "brush", "mosaic", "fresco", "sketch", "studio"},
    };

    private static final String[] GENERIC = {
        "the", "a", "of", "and", "with", "in", "story", "about", "new", "old", "great", "small", "world",
        "life", "day", "night", "people", "time", "way", "place", "friends", "city", "home", "first", "last",
        "strange", "famous", "young", "together", "between", "every", "long", "short", "tale", "moment",
        "family", "brings", "finds", "meets", "changes"};

    static final String[] ADJECTIVES = {
        "Silent", "Crimson", "Golden", "Hidden", "Lost", "Bright", "Broken", "Wild", "Electric", "Frozen",
        "Secret", "Midnight", "Velvet", "Iron", "Lucky", "Distant", "Hollow", "Burning", "Gentle", "Restless",
        "Silver", "Last", "Eternal", "Quiet", "Savage", "Little", "Endless", "Scarlet", "Blue", "Wandering"};

    private static final String[] SYLLABLES = {
        "ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "be", "do", "fa", "gu", "hi", "jo", "pe", "sa", "tu", "xe"};

    private final List<String> names;
    private final List<String[]> words;

    Vocabulary(int numTopics, long seed) {
        names = new ArrayList<>(numTopics);
        words = new ArrayList<>(numTopics);
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5EEDC0DEL);
        for (int k = 0; k < numTopics; k++) {
            if (k < NAMED_TOPICS) {
                names.add(TOPIC_NAMES[k]);
                words.add(TOPIC_WORDS[k]);
            } else {
                names.add("topic" + (k + 1));
                String[] w = new String[12];
                for (int j = 0; j < w.length; j++) {
                    // Three syllables plus the topic number keep invented words unique per topic.
                    StringBuilder sb = new StringBuilder();
                    for (int s = 0; s < 3; s++) {
                        sb.append(SYLLABLES[rng.nextInt(SYLLABLES.length)]);
                    }
                    w[j] = sb.append(k + 1).toString();
                }
                words.add(w);
            }
        }
    }

    List<String> names() {
        return List.copyOf(names);
    }

    String name(int topic) {
        return names.get(topic);
    }

    String topicWord(int topic, SplittableRandom rng) {
        String[] w = words.get(topic);
        return w[rng.nextInt(w.length)];
    }

    String[] topicWords(int topic) {
        return words.get(topic).clone();
    }

    static String genericWord(SplittableRandom rng) {
        return GENERIC[rng.nextInt(GENERIC.length)];
    }

    static String adjective(SplittableRandom rng) {
        return ADJECTIVES[rng.nextInt(ADJECTIVES.length)];
    }

    static String capitalize(String w) {
        return w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }
}
