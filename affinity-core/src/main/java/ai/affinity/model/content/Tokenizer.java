package ai.affinity.model.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits free text into terms for {@link TfIdfVectorizer}: lower-cases (root locale), splits on every
 * character that is not a letter or a digit, drops {@link #STOP_WORDS}, and optionally appends word
 * bigrams ({@code "toy story"}) formed from consecutive kept words, after stop-word removal (as
 * scikit-learn's {@code TfidfVectorizer} does, so "story about alpha" gives the bigram "story alpha").
 *
 * <p>Immutable and thread-safe.
 */
public final class Tokenizer {
    /**
     * A small English stop-word list: articles, pronouns, auxiliaries, common prepositions and
     * conjunctions, and the single letters left over from contractions and possessives ("s", "t").
     * Kept short on purpose: titles are short, and a long list would drop meaningful words.
     */
    public static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "with",
            "from", "into", "onto", "about", "as", "than", "then", "so", "if", "is", "are", "was", "were", "be",
            "been", "being", "am", "do", "does", "did", "has", "have", "had", "it", "its", "this", "that",
            "these", "those", "there", "here", "i", "me", "my", "we", "our", "you", "your", "he", "him", "his",
            "she", "her", "they", "them", "their", "what", "which", "who", "whom", "not", "no", "s", "t", "d",
            "ll", "m", "re", "ve", "de", "la", "le", "les", "l", "un", "une", "el", "il", "der", "die", "das");

    private final boolean bigrams;

    /** @param bigrams also emit word bigrams (joined by one space) after the unigrams */
    public Tokenizer(boolean bigrams) {
        this.bigrams = bigrams;
    }

    public boolean bigrams() {
        return bigrams;
    }

    /** The terms of {@code text}: kept unigrams in order, then (when enabled) bigrams in order. */
    public List<String> tokenize(String text) {
        List<String> words = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return words;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int n = lower.length();
        int i = 0;
        while (i < n) {
            int cp = lower.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n) {
                cp = lower.codePointAt(i);
                if (!Character.isLetterOrDigit(cp)) {
                    break;
                }
                i += Character.charCount(cp);
            }
            String w = lower.substring(start, i);
            if (!STOP_WORDS.contains(w)) {
                words.add(w);
            }
        }
        if (bigrams) {
            int m = words.size();
            for (int j = 0; j + 1 < m; j++) {
                words.add(words.get(j) + " " + words.get(j + 1));
            }
        }
        return words;
    }
}
