// Key and character events held back so that each key changes state at most once per frame
// (see key_event_queue.hpp for why).
#define GLFW_INCLUDE_ES3
#include "key_event_queue.hpp"

#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <deque>
#include <vector>

namespace clv::web {

namespace {
GLFWwindow* g_window = nullptr;
std::deque<KeyEventQueue::Event>* g_held = nullptr;
std::vector<int> g_changed_this_frame;  // keys that went down or up since the last frame
}  // namespace

void KeyEventQueue::install(GLFWwindow* window) {
    static std::deque<Event> held;
    g_held = &held;
    g_window = window;
    glfwSetKeyCallback(window, on_key);
    glfwSetCharCallback(window, on_char);
}

bool KeyEventQueue::deliver(const Event& e) {
    if (e.codepoint != 0) {  // characters are queued by Dear ImGui itself: never lost
        ImGui_ImplGlfw_CharCallback(g_window, e.codepoint);
        return true;
    }
    if (e.action != GLFW_REPEAT) {  // a repeat changes no state
        if (std::find(g_changed_this_frame.begin(), g_changed_this_frame.end(), e.key) != g_changed_this_frame.end())
            return false;
        g_changed_this_frame.push_back(e.key);
    }
    ImGui_ImplGlfw_KeyCallback(g_window, e.key, e.scancode, e.action, e.mods);
    return true;
}

void KeyEventQueue::on_key(GLFWwindow*, int key, int scancode, int action, int mods) {
    const Event e{key, scancode, action, mods, 0};
    // Once something waits, everything after it waits too: the order of events is kept.
    if (!g_held->empty() || !deliver(e)) g_held->push_back(e);
}

void KeyEventQueue::on_char(GLFWwindow*, unsigned int codepoint) {
    if (codepoint == 0) return;
    const Event e{0, 0, 0, 0, codepoint};
    if (!g_held->empty() || !deliver(e)) g_held->push_back(e);
}

int KeyEventQueue::held() { return g_held == nullptr ? 0 : static_cast<int>(g_held->size()); }

void KeyEventQueue::after_frame() {
    g_changed_this_frame.clear();
    if (g_held == nullptr) return;
    while (!g_held->empty() && deliver(g_held->front())) g_held->pop_front();
}

}  // namespace clv::web
