// Key and character events held back so that each key changes state at most once per frame.
// Dear ImGui 1.86 reads keys as a state (io.KeysDown) once per frame: a key pressed and released
// between two frames is never seen down, so the press is lost. That happens whenever a frame is
// longer than a key press (a busy machine, a loading file: frames of ~33 ms) and always with
// automation, which sends both events at once. Here a key's second change within a frame, and
// every event after it (characters included, to keep their order with the keys), waits for the
// next frame. A quick press then takes two frames: down in one, up in the next.
#pragma once
struct GLFWwindow;

namespace clv::web {

class KeyEventQueue {
public:
    // One GLFW key or character event.
    struct Event {
        int key = 0, scancode = 0, action = 0, mods = 0;
        unsigned int codepoint = 0;  // a character event when non-zero
    };
    // Installs itself as the window's key and character callbacks, in front of Dear ImGui's
    // (call after ImGui_ImplGlfw_InitForOpenGL installed those).
    static void install(GLFWwindow* window);
    // After a frame has read its input: lets through the held events up to the next key that
    // would change a second time.
    static void after_frame();
    // Events still waiting for a frame (the test hook waits for none before it clicks: a click
    // must not overtake the keys typed before it).
    static int held();

private:
    static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods);
    static void on_char(GLFWwindow* window, unsigned int codepoint);
    // Hands the event to Dear ImGui now if it can be seen in this frame; false if it must wait.
    static bool deliver(const Event& e);
};

}  // namespace clv::web
