package ai.affinity.model.content;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {
    @Test
    void lowerCasesAndSplitsOnEverythingButLettersAndDigits() {
        assertEquals(List.of("toy", "story", "1995"), new Tokenizer(false).tokenize("Toy Story (1995)"));
        assertEquals(List.of("se7en", "x", "men", "2"), new Tokenizer(false).tokenize("Se7en -- X-Men_2!"));
    }

    @Test
    void dropsStopWordsAndContractionLeftovers() {
        assertEquals(List.of("shawshank", "redemption"),
                new Tokenizer(false).tokenize("Shawshank Redemption, The"));
        assertEquals(List.of("schindler", "list"), new Tokenizer(false).tokenize("Schindler's List"));
        assertTrue(Tokenizer.STOP_WORDS.contains("the"));
    }

    @Test
    void keepsNonAsciiLetters() {
        assertEquals(List.of("amélie", "café"), new Tokenizer(false).tokenize("AMÉLIE, Café"));
        assertEquals(List.of("straße"), new Tokenizer(false).tokenize("Straße"));
    }

    @Test
    void bigramsFollowUnigramsAndSkipRemovedStopWords() {
        // "about" is a stop word, so the bigram joins "story" and "alpha" (as scikit-learn does).
        assertEquals(List.of("alpha", "story", "alpha", "alpha story", "story alpha"),
                new Tokenizer(true).tokenize("Alpha story about alpha"));
        assertEquals(List.of("solo"), new Tokenizer(true).tokenize("the solo"));
    }

    @Test
    void emptyAndNullGiveNothing() {
        assertTrue(new Tokenizer(true).tokenize("").isEmpty());
        assertTrue(new Tokenizer(true).tokenize(null).isEmpty());
        assertTrue(new Tokenizer(true).tokenize(" ,;-- the a of ").isEmpty());
    }
}
